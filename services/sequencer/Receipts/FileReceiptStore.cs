using System.Text.Json;
using Otr.Chain.Storage;
using Otr.Protocol;

namespace Otr.Sequencer.Receipts;

/// <summary>
/// <see cref="IReceiptStore"/> on the local filesystem: three append-only JSON-lines files in one
/// directory, every append fsynced before it returns, the in-memory index rebuilt from them on open.
/// <list type="bullet">
/// <item><c>receipts.jsonl</c>: one line per receipt (sequence, digest, signed receipt, prompt, params, tokens, text).</item>
/// <item><c>batches.jsonl</c>: <c>batch</c> lines (index, root, members, dataPointer), then <c>posted</c> (txHash) and <c>published</c> lines.</item>
/// <item><c>nonces.jsonl</c>: nonce leases per executor address.</item>
/// </list>
/// Nonces are leased in blocks of <see cref="NonceLeaseSize"/> so one fsync covers many requests; a
/// restart skips the rest of a lease, so nonces stay strictly increasing per executor but may have gaps.
/// </summary>
internal sealed class FileReceiptStore : IReceiptStore, IDisposable
{
    internal const ulong NonceLeaseSize = 64;
    internal const ulong FirstNonce = 1;

    internal static readonly JsonSerializerOptions Json = CreateJson();

    private readonly Lock _lock = new();
    private readonly JsonLinesFile<ReceiptLine> _receiptsFile;
    private readonly JsonLinesFile<BatchLine> _batchesFile;
    private readonly JsonLinesFile<NonceLine> _noncesFile;
    private readonly Dictionary<Bytes32, long> _sequenceByDigest = [];
    private readonly SortedDictionary<long, ReceiptEntry> _entries = [];
    private readonly SortedSet<long> _pending = [];
    private readonly Dictionary<Bytes32, (ulong Batch, int Leaf)> _membership = [];
    private readonly List<StoredBatch> _batches = [];
    private readonly Dictionary<string, (ulong Next, ulong Until)> _nonces = new(StringComparer.Ordinal);
    private long _lastSequence;

    public FileReceiptStore(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        Root = directory;
        _receiptsFile = JsonLinesFile<ReceiptLine>.Open(System.IO.Path.Combine(directory, "receipts.jsonl"), Json, out var receipts, out var tornReceipts);
        try
        {
            _batchesFile = JsonLinesFile<BatchLine>.Open(System.IO.Path.Combine(directory, "batches.jsonl"), Json, out var batches, out var tornBatches);
            _noncesFile = JsonLinesFile<NonceLine>.Open(System.IO.Path.Combine(directory, "nonces.jsonl"), Json, out var nonces, out var tornNonces);
            TornBytes = tornReceipts + tornBatches + tornNonces;
            Replay(receipts, batches, nonces);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Root { get; }

    /// <summary>Bytes of torn tails cut off when the store was opened (0 after a clean shutdown).</summary>
    public int TornBytes { get; }

    public ulong NextBatchIndex
    {
        get
        {
            lock (_lock)
            {
                return (ulong)_batches.Count;
            }
        }
    }

    public Task<StoredReceipt> AddAsync(ReceiptEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (_sequenceByDigest.TryGetValue(entry.Digest, out var existing))
            {
                return Task.FromResult(Describe(existing));
            }

            var seq = _lastSequence + 1;
            _receiptsFile.Append(new ReceiptLine(seq, entry));
            Index(seq, entry);
            return Task.FromResult(Describe(seq));
        }
    }

    public StoredReceipt? Find(Bytes32 digest)
    {
        lock (_lock)
        {
            return _sequenceByDigest.TryGetValue(digest, out var seq) ? Describe(seq) : null;
        }
    }

    public IReadOnlyList<StoredReceipt> After(long sequence, int max)
    {
        lock (_lock)
        {
            // Sequences increase by one per stored receipt; only a duplicate line left by a crash leaves a gap.
            var result = new List<StoredReceipt>();
            for (var next = Math.Max(sequence, 0) + 1; next <= _lastSequence && result.Count < max; next++)
            {
                if (_entries.ContainsKey(next))
                {
                    result.Add(Describe(next));
                }
            }

            return result;
        }
    }

    public IReadOnlyList<StoredReceipt> Pending()
    {
        lock (_lock)
        {
            return [.. _pending.Select(Describe)];
        }
    }

    public Task<ulong> NextNonceAsync(string executor, CancellationToken cancellationToken)
    {
        var key = executor.ToLowerInvariant();
        lock (_lock)
        {
            var (next, until) = _nonces.TryGetValue(key, out var n) ? n : (FirstNonce, FirstNonce);
            if (next >= until)
            {
                until = next + NonceLeaseSize;
                _noncesFile.Append(new NonceLine(key, until));
            }

            _nonces[key] = (next + 1, until);
            return Task.FromResult(next);
        }
    }

    public Task<StoredBatch> AddBatchAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            CheckNewBatch(batch);
            _batchesFile.Append(new BatchLine(BatchLine.Cut, batch.Index, batch));
            ApplyBatch(batch);
            return Task.FromResult(_batches[^1]);
        }
    }

    public Task MarkPostedAsync(ulong index, string txHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(txHash);
        lock (_lock)
        {
            var batch = Batch(index);
            if (batch.TxHash == txHash)
            {
                return Task.CompletedTask;
            }

            if (batch.TxHash is not null)
            {
                throw new InvalidOperationException($"batch {index} is already posted in {batch.TxHash}, not {txHash}");
            }

            _batchesFile.Append(new BatchLine(BatchLine.Posted, index, TxHash: txHash));
            _batches[(int)index] = batch with { TxHash = txHash };
            return Task.CompletedTask;
        }
    }

    public Task MarkPublishedAsync(ulong index, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var batch = Batch(index);
            if (batch.Published)
            {
                return Task.CompletedTask;
            }

            if (!batch.Posted)
            {
                throw new InvalidOperationException($"batch {index} is published before it is posted");
            }

            _batchesFile.Append(new BatchLine(BatchLine.Published, index));
            _batches[(int)index] = batch with { Published = true };
            return Task.CompletedTask;
        }
    }

    public StoredBatch? FindBatch(ulong index)
    {
        lock (_lock)
        {
            return index < (ulong)_batches.Count ? _batches[(int)index] : null;
        }
    }

    public IReadOnlyList<StoredBatch> UnfinishedBatches()
    {
        lock (_lock)
        {
            return [.. _batches.Where(b => !b.Published)];
        }
    }

    public void Dispose()
    {
        _receiptsFile?.Dispose();
        _batchesFile?.Dispose();
        _noncesFile?.Dispose();
    }

    // Bytes32 values carry their own 0x-hex converter (Otr.Protocol).
    private static JsonSerializerOptions CreateJson() => new(JsonSerializerDefaults.Web);

    private void Replay(List<ReceiptLine> receipts, List<BatchLine> batches, List<NonceLine> nonces)
    {
        foreach (var line in receipts)
        {
            if (line.Entry is null || line.Seq <= _lastSequence)
            {
                throw new InvalidDataException($"{_receiptsFile.Path}: receipt line with sequence {line.Seq} is malformed or out of order");
            }

            // A digest seen twice can only come from a crash between two appends of one receipt; the first wins.
            if (!_sequenceByDigest.ContainsKey(line.Entry.Digest))
            {
                Index(line.Seq, line.Entry);
            }
        }

        foreach (var line in batches)
        {
            switch (line.Kind)
            {
                case BatchLine.Cut when line.Batch is not null && line.Batch.Index == line.Index:
                    CheckNewBatch(line.Batch);
                    ApplyBatch(line.Batch);
                    break;
                case BatchLine.Posted when line.TxHash is not null && line.Index < (ulong)_batches.Count:
                    _batches[(int)line.Index] = _batches[(int)line.Index] with { TxHash = line.TxHash };
                    break;
                case BatchLine.Published when line.Index < (ulong)_batches.Count:
                    _batches[(int)line.Index] = _batches[(int)line.Index] with { Published = true };
                    break;
                default:
                    throw new InvalidDataException($"{_batchesFile.Path}: line '{line.Kind}' for batch {line.Index} does not follow from the lines before it");
            }
        }

        foreach (var line in nonces)
        {
            var key = line.Executor.ToLowerInvariant();
            var until = Math.Max(line.Until, _nonces.TryGetValue(key, out var n) ? n.Until : 0);

            // Everything below the lease bound may have been handed out before the restart.
            _nonces[key] = (until, until);
        }
    }

    private void Index(long seq, ReceiptEntry entry)
    {
        _lastSequence = seq;
        _sequenceByDigest[entry.Digest] = seq;
        _entries[seq] = entry;
        _pending.Add(seq);
    }

    private void CheckNewBatch(BatchRecord batch)
    {
        if (batch.Index != (ulong)_batches.Count)
        {
            throw new InvalidOperationException($"batch index {batch.Index} is not the next index {_batches.Count}");
        }

        if (batch.Members.Count == 0)
        {
            throw new InvalidOperationException($"batch {batch.Index} has no members");
        }

        var seen = new HashSet<Bytes32>();
        foreach (var digest in batch.Members)
        {
            if (!seen.Add(digest) || !_sequenceByDigest.TryGetValue(digest, out var seq) || !_pending.Contains(seq))
            {
                throw new InvalidOperationException($"batch {batch.Index} member {digest} is not a pending receipt (unknown, repeated or already batched)");
            }
        }
    }

    private void ApplyBatch(BatchRecord batch)
    {
        for (var leaf = 0; leaf < batch.Members.Count; leaf++)
        {
            var digest = batch.Members[leaf];
            _pending.Remove(_sequenceByDigest[digest]);
            _membership[digest] = (batch.Index, leaf);
        }

        _batches.Add(new StoredBatch(batch, null, false));
    }

    private StoredBatch Batch(ulong index) =>
        index < (ulong)_batches.Count ? _batches[(int)index] : throw new InvalidOperationException($"batch {index} does not exist");

    private StoredReceipt Describe(long seq)
    {
        var entry = _entries[seq];
        if (!_membership.TryGetValue(entry.Digest, out var at))
        {
            return new StoredReceipt(seq, entry, StoredReceiptState.Pending);
        }

        var batch = _batches[(int)at.Batch];
        return new StoredReceipt(seq, entry, batch.Posted ? StoredReceiptState.Posted : StoredReceiptState.Batched, at.Batch, at.Leaf, batch.TxHash);
    }
}
