using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>One finding as <c>GET /v1/findings</c> lists it, with the receipt it concerns.</summary>
/// <param name="Kind">Stable code (<see cref="FindingKind"/>).</param>
/// <param name="Message">Explanation.</param>
/// <param name="Digest">Receipt digest (open the whole verdict at <c>/v1/verdicts/{digest}</c>).</param>
/// <param name="RequestId">Receipt request id.</param>
/// <param name="ModelId">Receipt model id.</param>
/// <param name="Executor">Receipt executor address.</param>
/// <param name="BatchIndex">L1 batch index.</param>
/// <param name="LeafIndex">Position in the batch.</param>
/// <param name="CheckedAt">When the receipt was judged.</param>
/// <param name="Disputable">Whether the verdict calls for a dispute on L1.</param>
public sealed record FindingView(
    string Kind,
    string Message,
    Bytes32 Digest,
    Bytes32 RequestId,
    Bytes32 ModelId,
    string Executor,
    ulong? BatchIndex,
    ulong? LeafIndex,
    DateTimeOffset CheckedAt,
    bool Disputable);
