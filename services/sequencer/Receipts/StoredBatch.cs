namespace Otr.Sequencer.Receipts;

/// <summary>A persisted batch and how far it got: posted on L1, then published on the bus.</summary>
/// <param name="Batch">The batch.</param>
/// <param name="TxHash">The L1 transaction hash once posted.</param>
/// <param name="Published">True once its receipts and the batch message are on the bus.</param>
public sealed record StoredBatch(BatchRecord Batch, string? TxHash, bool Published)
{
    /// <summary>True once the batch is confirmed on L1.</summary>
    public bool Posted => TxHash is not null;
}
