using System.Text;
using System.Text.Json;
using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// <see cref="IFindingStore"/> over an append-only JSON-lines file: one verdict per line, each
/// append flushed to disk (fsync) before <see cref="AddAsync"/> returns. On open the file is read
/// back into memory; a torn last line (crash mid-append) is cut off, since its verdict was never
/// acknowledged and its receipt's offset never committed, so the receipt will be judged again.
/// </summary>
public sealed class JsonLinesFindingStore : IFindingStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Bytes32, Verdict> _byDigest = [];
    private readonly List<Verdict> _inOrder = [];
    private readonly FileStream _file;
    private readonly object _readLock = new();

    /// <summary>Opens (creating if needed) the findings file at <paramref name="path"/>.</summary>
    public JsonLinesFindingStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        FilePath = path;
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        Load();
    }

    /// <summary>The findings file.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_readLock)
            {
                return _inOrder.Count;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> AddAsync(Verdict verdict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_readLock)
            {
                if (_byDigest.ContainsKey(verdict.Digest))
                {
                    return false;
                }
            }

            var line = JsonSerializer.SerializeToUtf8Bytes(verdict, ChallengerJson.Options);
            var record = new byte[line.Length + 1];
            line.CopyTo(record, 0);
            record[^1] = (byte)'\n';
            _file.Seek(0, SeekOrigin.End);
            await _file.WriteAsync(record, CancellationToken.None).ConfigureAwait(false);
            _file.Flush(flushToDisk: true);

            lock (_readLock)
            {
                _byDigest[verdict.Digest] = verdict;
                _inOrder.Add(verdict);
            }

            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public Verdict? Find(Bytes32 digest)
    {
        lock (_readLock)
        {
            return _byDigest.GetValueOrDefault(digest);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<Verdict> List(string? kind, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var result = new List<Verdict>();
        lock (_readLock)
        {
            for (var i = _inOrder.Count - 1; i >= 0 && result.Count < limit; i--)
            {
                if (kind is null ? !_inOrder[i].IsClean : _inOrder[i].Has(kind))
                {
                    result.Add(_inOrder[i]);
                }
            }
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _file.Dispose();
        _gate.Dispose();
    }

    private void Load()
    {
        var bytes = new byte[_file.Length];
        _file.ReadExactly(bytes);
        var start = 0;
        var line = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
            {
                // Torn tail: the append never completed, so nobody was told it was stored.
                _file.SetLength(start);
                _file.Flush(flushToDisk: true);
                break;
            }

            line++;
            var text = Encoding.UTF8.GetString(bytes, start, end - start);
            if (!string.IsNullOrWhiteSpace(text))
            {
                Verdict verdict;
                try
                {
                    verdict = JsonSerializer.Deserialize<Verdict>(text, ChallengerJson.Options)
                        ?? throw new JsonException("null verdict");
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException($"findings file {FilePath} line {line} is not a verdict: {e.Message}", e);
                }

                if (_byDigest.TryAdd(verdict.Digest, verdict))
                {
                    _inOrder.Add(verdict);
                }
            }

            start = end + 1;
        }
    }
}
