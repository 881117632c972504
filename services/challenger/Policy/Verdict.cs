using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>The challenger's judgement of one published receipt.</summary>
/// <param name="Digest">The receipt's EIP-712 digest.</param>
/// <param name="RequestId">The receipt's request id.</param>
/// <param name="ModelId">The receipt's model id.</param>
/// <param name="Executor">The receipt's executor address as signed.</param>
/// <param name="Nonce">The receipt's sequencer nonce.</param>
/// <param name="BatchIndex">The L1 batch the receipt was published with, if any.</param>
/// <param name="LeafIndex">The receipt's position in that batch, if any.</param>
/// <param name="Inclusion">The receipt's batch membership as checked against L1.</param>
/// <param name="CheckedAt">When the facts were gathered.</param>
/// <param name="Reexecuted">Whether re-execution was attempted (false when the model is not served here or the inputs do not match their hashes).</param>
/// <param name="Disputable">
/// Whether the findings call for a fraud-proof dispute on L1: re-execution disagrees with a
/// receipt that is validly signed and included in a posted batch.
/// </param>
/// <param name="Findings">The problems found, in <see cref="FindingKind.All"/> order; empty when the receipt checks out.</param>
/// <param name="Trace">Details of a <see cref="FindingKind.TraceMismatch"/>, else null.</param>
public sealed record Verdict(
    Bytes32 Digest,
    Bytes32 RequestId,
    Bytes32 ModelId,
    string Executor,
    ulong Nonce,
    ulong? BatchIndex,
    ulong? LeafIndex,
    InclusionStatus Inclusion,
    DateTimeOffset CheckedAt,
    bool Reexecuted,
    bool Disputable,
    IReadOnlyList<Finding> Findings,
    TraceDivergence? Trace)
{
    /// <summary>True when nothing was found.</summary>
    public bool IsClean => Findings.Count == 0;

    /// <summary>True when a finding of the given kind is present.</summary>
    public bool Has(string kind) => Findings.Any(f => f.Kind == kind);
}
