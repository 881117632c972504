using System.Text.Json;
using Otr.Chain.Storage;

namespace Otr.Chain.Disputes;

/// <summary>
/// An agent's durable record of its games: an append-only JSON-lines file (each line flushed to disk before
/// <see cref="Save"/> returns) folded in memory to the latest line per game, plus the executor's scan cursor.
/// Together with the games' state on L1 it is all an agent needs to resume after a restart.
/// </summary>
public sealed class DisputeJournal : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly JsonLinesFile<DisputeRecord> _file;
    private readonly Dictionary<string, DisputeRecord> _games = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    private DisputeJournal(JsonLinesFile<DisputeRecord> file, IEnumerable<DisputeRecord> lines)
    {
        _file = file;
        foreach (var line in lines)
        {
            Apply(line);
        }
    }

    /// <summary>Bytes of a torn last line cut off on open (a crash mid-append; never acknowledged).</summary>
    public int TornBytes { get; private init; }

    /// <summary>The highest block scanned for games (0 when none).</summary>
    public ulong ScannedThrough { get; private set; }

    /// <summary>Opens (or creates) the journal at <paramref name="path"/>.</summary>
    public static DisputeJournal Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var file = JsonLinesFile<DisputeRecord>.Open(path, Json, out var lines, out var torn);
        return new DisputeJournal(file, lines) { TornBytes = torn };
    }

    /// <summary>The latest record of every game.</summary>
    public IReadOnlyList<DisputeRecord> Games
    {
        get
        {
            lock (_gate)
            {
                return [.. _games.Values];
            }
        }
    }

    /// <summary>The latest record of the game on <paramref name="digest"/>, or null.</summary>
    public DisputeRecord? Find(string digest)
    {
        lock (_gate)
        {
            return _games.GetValueOrDefault(digest);
        }
    }

    /// <summary>Appends <paramref name="record"/> durably (status lines carry over the opening and opening transaction of earlier lines).</summary>
    public DisputeRecord Save(DisputeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if ((record.Digest is null) != (record.Status is null))
        {
            throw new ArgumentException("a dispute record has both a digest and a status, or neither (a scan-cursor line)", nameof(record));
        }

        lock (_gate)
        {
            if (record.Digest is not null && _games.TryGetValue(record.Digest, out var previous))
            {
                record = record with { Opening = record.Opening ?? previous.Opening, OpenTx = record.OpenTx ?? previous.OpenTx };
            }

            _file.Append(record);
            Apply(record);
            return record;
        }
    }

    /// <summary>Records that every block through <paramref name="block"/> was scanned.</summary>
    public void SaveCursor(ulong block, DateTimeOffset at)
    {
        if (block > ScannedThrough)
        {
            Save(new DisputeRecord { ScannedThrough = block, At = at });
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private void Apply(DisputeRecord line)
    {
        if (line.ScannedThrough is { } through)
        {
            ScannedThrough = Math.Max(ScannedThrough, through);
        }

        if (line.Digest is not null)
        {
            _games[line.Digest] = line;
        }
    }
}
