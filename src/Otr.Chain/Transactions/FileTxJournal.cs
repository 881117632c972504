using System.Text;
using System.Text.Json;

namespace Otr.Chain.Transactions;

/// <summary>
/// A journal kept as a JSON-lines file (<c>tx-journal.jsonl</c>) in a data directory. Every save appends
/// the entry's new version and flushes it to disk before returning; the last line per intent wins.
/// On first load the file is compacted (one line per intent) by writing a temporary file, flushing it
/// and renaming it over the old one, so a crash at any point leaves a complete journal. A torn last
/// line (crash mid-append) is ignored.
/// </summary>
public sealed class FileTxJournal : ITxJournal, IDisposable
{
    /// <summary>File name of the journal inside its directory.</summary>
    public const string FileName = "tx-journal.jsonl";

    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, TxJournalEntry>? _entries;

    /// <summary>Opens (or creates) the journal in <paramref name="directory"/>.</summary>
    public FileTxJournal(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        _path = Path.Combine(Path.GetFullPath(directory), FileName);
    }

    /// <summary>Full path of the journal file.</summary>
    public string FilePath => _path;

    /// <inheritdoc />
    public async Task<IReadOnlyList<TxJournalEntry>> LoadAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return (await EnsureLoadedAsync(ct).ConfigureAwait(false)).Values.ToArray();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task SaveAsync(TxJournalEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var line = JsonSerializer.Serialize(entry, TxJournalJson.Options) + "\n";
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var entries = await EnsureLoadedAsync(ct).ConfigureAwait(false);
            var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(line), CancellationToken.None).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            entries[entry.IntentId] = entry;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task<Dictionary<string, TxJournalEntry>> EnsureLoadedAsync(CancellationToken ct)
    {
        if (_entries is not null)
            return _entries;
        var entries = new Dictionary<string, TxJournalEntry>(StringComparer.Ordinal);
        var lines = 0;
        if (File.Exists(_path))
        {
            foreach (var line in await File.ReadAllLinesAsync(_path, ct).ConfigureAwait(false))
            {
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                lines++;
                TxJournalEntry? entry;
                try
                {
                    entry = JsonSerializer.Deserialize<TxJournalEntry>(line, TxJournalJson.Options);
                }
                catch (JsonException)
                {
                    continue; // a torn append from a crash; the previous version of that entry stands
                }
                if (entry is not null)
                    entries[entry.IntentId] = entry;
            }
        }
        if (lines > entries.Count)
            Compact(entries.Values);
        _entries = entries;
        return entries;
    }

    private void Compact(IEnumerable<TxJournalEntry> entries)
    {
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var entry in entries)
            {
                stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, TxJournalJson.Options) + "\n"));
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, _path, overwrite: true);
    }
}
