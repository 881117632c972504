namespace Otr.Chain.Transactions;

/// <summary>
/// Durable store of <see cref="TxJournalEntry"/> records, keyed by intent id. The
/// <see cref="TransactionManager"/> writes an entry before it broadcasts, so a restarted process finds
/// every transaction that may be on the network.
/// </summary>
public interface ITxJournal
{
    /// <summary>All entries, the latest version of each.</summary>
    Task<IReadOnlyList<TxJournalEntry>> LoadAsync(CancellationToken ct = default);

    /// <summary>Inserts or replaces the entry with the same intent id; durable when the task completes.</summary>
    Task SaveAsync(TxJournalEntry entry, CancellationToken ct = default);
}
