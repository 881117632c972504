namespace Otr.Messaging;

/// <summary>Message on <see cref="Topics.Batches"/>: a batch of receipts whose root the sequencer posted to L1.</summary>
/// <param name="BatchIndex">Batch index on the rollup contract.</param>
/// <param name="Root">Merkle root of the receipt digests (0x-prefixed, 32 bytes).</param>
/// <param name="Count">Number of receipts in the batch.</param>
/// <param name="TxHash">Hash of the L1 transaction that posted it.</param>
/// <param name="ReceiptDigests">The receipt digests in leaf order (0x-prefixed).</param>
/// <param name="BlockNumber">L1 block that includes the transaction, when known.</param>
public sealed record BatchPosted(
    ulong BatchIndex,
    string Root,
    int Count,
    string TxHash,
    IReadOnlyList<string> ReceiptDigests,
    ulong? BlockNumber = null);
