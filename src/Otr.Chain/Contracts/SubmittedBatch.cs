using Otr.Protocol;

namespace Otr.Chain.Contracts;

/// <summary>A batch the sequencer just posted: the <c>BatchSubmitted</c> event and the transaction that emitted it.</summary>
/// <param name="BatchIndex">The batch index.</param>
/// <param name="Root">Merkle root over the batch leaves.</param>
/// <param name="Count">Number of receipts.</param>
/// <param name="DataPointer">Where the receipts are published.</param>
/// <param name="PostedAt">Block timestamp (unix seconds) of the submission.</param>
/// <param name="TransactionHash">The submitting transaction.</param>
/// <param name="BlockNumber">The block that included it.</param>
public sealed record SubmittedBatch(
    ulong BatchIndex,
    Bytes32 Root,
    uint Count,
    Bytes32 DataPointer,
    ulong PostedAt,
    string TransactionHash,
    ulong BlockNumber);
