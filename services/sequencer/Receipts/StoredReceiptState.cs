namespace Otr.Sequencer.Receipts;

/// <summary>Where a stored receipt is on its way to L1.</summary>
public enum StoredReceiptState
{
    /// <summary>Stored, in no batch yet.</summary>
    Pending,

    /// <summary>In a persisted batch that is not yet confirmed on L1.</summary>
    Batched,

    /// <summary>Its batch is posted on L1.</summary>
    Posted,
}
