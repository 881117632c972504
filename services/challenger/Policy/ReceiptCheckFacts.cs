using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>Everything the challenger gathered about one published receipt before asking <see cref="ReceiptCheckPolicy"/>.</summary>
/// <param name="Digest">The receipt's EIP-712 digest (its identity on L1 and in the findings store).</param>
/// <param name="RecoveredSigner">Address the signature recovers to, or null when it does not recover.</param>
/// <param name="ExecutorRegistered">Whether L1 has the receipt's executor registered for the receipt's model.</param>
/// <param name="Model">The model id's status on L1 and here.</param>
/// <param name="Inclusion">The receipt's batch membership as L1 sees it.</param>
/// <param name="Reexecution">Our re-execution, or null when it was not run (see <see cref="ReceiptCheckPolicy.ShouldReexecute"/>).</param>
/// <param name="ReexecutionRejected">Why the model refused the signed inputs (prompt longer than the context, …), when it did; then <paramref name="Reexecution"/> is null.</param>
/// <param name="CheckedAt">When the facts were gathered (the policy itself reads no clock).</param>
/// <param name="ClaimedLeaves">The executor's coarse leaves when known (e.g. revealed in a dispute); they are not published with receipts.</param>
public sealed record ReceiptCheckFacts(
    Bytes32 Digest,
    string? RecoveredSigner,
    bool ExecutorRegistered,
    ModelStatus Model,
    InclusionStatus Inclusion,
    Reexecution? Reexecution,
    string? ReexecutionRejected,
    DateTimeOffset CheckedAt,
    IReadOnlyList<Bytes32>? ClaimedLeaves = null);
