using Otr.Protocol;

namespace Otr.Sequencer.Receipts;

/// <summary>
/// Durable store of receipts, batches and executor nonces. Every write is on disk when its task
/// completes; reads come from memory. Receipts are idempotent by digest.
/// </summary>
public interface IReceiptStore
{
    /// <summary>Stores the receipt durably unless its digest is already stored; returns the stored receipt.</summary>
    Task<StoredReceipt> AddAsync(ReceiptEntry entry, CancellationToken cancellationToken);

    /// <summary>The stored receipt with this digest, or null.</summary>
    StoredReceipt? Find(Bytes32 digest);

    /// <summary>Up to <paramref name="max"/> receipts with a sequence number above <paramref name="sequence"/>, in store order.</summary>
    IReadOnlyList<StoredReceipt> After(long sequence, int max);

    /// <summary>Receipts in no batch yet, in store order.</summary>
    IReadOnlyList<StoredReceipt> Pending();

    /// <summary>Reserves the next nonce for the executor address; never hands out a nonce twice, even across restarts.</summary>
    Task<ulong> NextNonceAsync(string executor, CancellationToken cancellationToken);

    /// <summary>The index the next batch must have.</summary>
    ulong NextBatchIndex { get; }

    /// <summary>Persists a new batch; its index must be <see cref="NextBatchIndex"/> and its members pending receipts.</summary>
    Task<StoredBatch> AddBatchAsync(BatchRecord batch, CancellationToken cancellationToken);

    /// <summary>Records that the batch is posted on L1 in the given transaction.</summary>
    Task MarkPostedAsync(ulong index, string txHash, CancellationToken cancellationToken);

    /// <summary>Records that the batch's receipts and batch message are published on the bus.</summary>
    Task MarkPublishedAsync(ulong index, CancellationToken cancellationToken);

    /// <summary>The batch with this index, or null.</summary>
    StoredBatch? FindBatch(ulong index);

    /// <summary>Batches not yet posted or not yet published, in index order.</summary>
    IReadOnlyList<StoredBatch> UnfinishedBatches();
}
