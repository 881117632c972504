namespace Otr.Sequencer.Receipts;

/// <summary>A receipt in the store with its position and state.</summary>
/// <param name="Sequence">Store order (1, 2, …); batches take pending receipts in this order.</param>
/// <param name="Entry">The receipt and its payload.</param>
/// <param name="State">Pending, batched or posted.</param>
/// <param name="BatchIndex">The batch it belongs to, once batched.</param>
/// <param name="LeafIndex">Its leaf index in that batch, once batched.</param>
/// <param name="TxHash">The L1 transaction that posted its batch, once posted.</param>
public sealed record StoredReceipt(
    long Sequence,
    ReceiptEntry Entry,
    StoredReceiptState State,
    ulong? BatchIndex = null,
    int? LeafIndex = null,
    string? TxHash = null);
