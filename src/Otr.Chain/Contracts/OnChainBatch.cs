using Otr.Protocol;

namespace Otr.Chain.Contracts;

/// <summary>A batch as <c>OtrRollup.batches</c> stores it.</summary>
/// <param name="BatchIndex">The batch index.</param>
/// <param name="Root">Merkle root over the batch leaves.</param>
/// <param name="Count">Number of receipts.</param>
/// <param name="DataPointer">Where the receipts are published (opaque to L1).</param>
/// <param name="PostedAt">Block timestamp (unix seconds) of the submission.</param>
/// <param name="Finalized">Whether <c>finalizeBatch</c> was called (finality itself is a matter of time, see <see cref="L1ReceiptStatus.Final"/>).</param>
public sealed record OnChainBatch(ulong BatchIndex, Bytes32 Root, uint Count, Bytes32 DataPointer, ulong PostedAt, bool Finalized);
