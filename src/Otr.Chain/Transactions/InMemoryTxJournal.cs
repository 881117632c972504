using System.Collections.Concurrent;

namespace Otr.Chain.Transactions;

/// <summary>A journal that lives only as long as the process (tests, throwaway tools). Thread-safe.</summary>
public sealed class InMemoryTxJournal : ITxJournal
{
    private readonly ConcurrentDictionary<string, TxJournalEntry> _entries = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<IReadOnlyList<TxJournalEntry>> LoadAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<TxJournalEntry>>(_entries.Values.ToArray());

    /// <inheritdoc />
    public Task SaveAsync(TxJournalEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries[entry.IntentId] = entry;
        return Task.CompletedTask;
    }
}
