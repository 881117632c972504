using System.Text;
using Otr.Protocol;
using Otr.Sequencer.Receipts;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

public sealed class FileReceiptStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Store_Reopened_HasEveryReceiptOnceInOrder()
    {
        var entries = Enumerable.Range(0, 5).Select(_ => Entries.Make()).ToList();
        using (var store = new FileReceiptStore(_dir.Path))
        {
            foreach (var e in entries)
            {
                await store.AddAsync(e, _ct);
            }

            await store.AddAsync(entries[2], _ct);
        }

        using var reopened = new FileReceiptStore(_dir.Path);
        await reopened.AddAsync(entries[0], _ct);

        var pending = reopened.Pending();
        Assert.Equal(entries.Select(e => e.Digest), pending.Select(p => p.Entry.Digest));
        Assert.Equal([1L, 2, 3, 4, 5], pending.Select(p => p.Sequence));
        Assert.Equal(5, File.ReadAllLines(Path.Combine(_dir.Path, "receipts.jsonl")).Length);
        Assert.Equal(entries[3].Prompt, reopened.Find(entries[3].Digest)!.Entry.Prompt);
        Assert.Equal(entries[3].Tokens, reopened.Find(entries[3].Digest)!.Entry.Tokens);
        Assert.Equal(0, reopened.TornBytes);
    }

    [Fact]
    public async Task Store_AddSameDigestTwice_ReturnsTheFirst()
    {
        using var store = new FileReceiptStore(_dir.Path);
        var entry = Entries.Make();

        var first = await store.AddAsync(entry, _ct);
        var second = await store.AddAsync(entry with { Prompt = "other" }, _ct);

        Assert.Equal(first.Sequence, second.Sequence);
        Assert.Equal("p", second.Entry.Prompt);
        Assert.Single(store.Pending());
    }

    [Fact]
    public async Task Store_TornTail_IsCutOffAndEarlierReceiptsKept()
    {
        var entry = Entries.Make();
        using (var store = new FileReceiptStore(_dir.Path))
        {
            await store.AddAsync(entry, _ct);
        }

        var file = Path.Combine(_dir.Path, "receipts.jsonl");
        File.AppendAllText(file, "{\"seq\":2,\"entry\":{\"digest\":\"0x12");

        using var reopened = new FileReceiptStore(_dir.Path);
        Assert.Equal(entry.Digest, Assert.Single(reopened.Pending()).Entry.Digest);
        Assert.True(reopened.TornBytes > 0);
        var next = await reopened.AddAsync(Entries.Make(), _ct);
        Assert.Equal(2, next.Sequence);
        Assert.Equal(2, File.ReadAllLines(file).Length);
    }

    [Fact]
    public async Task Store_CorruptLineBeforeGoodOne_RefusesToOpen()
    {
        using (var store = new FileReceiptStore(_dir.Path))
        {
            await store.AddAsync(Entries.Make(), _ct);
            await store.AddAsync(Entries.Make(), _ct);
        }

        var file = Path.Combine(_dir.Path, "receipts.jsonl");
        var lines = File.ReadAllLines(file);
        File.WriteAllText(file, "{not json\n" + lines[1] + "\n", Encoding.UTF8);

        var error = Assert.Throws<InvalidDataException>(() => new FileReceiptStore(_dir.Path));
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nonces_AcrossRestarts_StrictlyIncreasePerExecutor()
    {
        var seen = new List<ulong>();
        for (var restart = 0; restart < 3; restart++)
        {
            using var store = new FileReceiptStore(_dir.Path);
            for (var i = 0; i < 5; i++)
            {
                seen.Add(await store.NextNonceAsync("0xAbC0000000000000000000000000000000000001", _ct));
            }

            Assert.Equal(FileReceiptStore.FirstNonce, await store.NextNonceAsync("0x0000000000000000000000000000000000000002", _ct) - (ulong)restart * FileReceiptStore.NonceLeaseSize);
        }

        Assert.Equal(1ul, seen[0]);
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First < p.Second), string.Join(",", seen));
    }

    [Fact]
    public async Task Nonces_SameAddressInOtherCase_ShareOneCounter()
    {
        using var store = new FileReceiptStore(_dir.Path);

        var a = await store.NextNonceAsync("0xABCDEF0000000000000000000000000000000001", _ct);
        var b = await store.NextNonceAsync("0xabcdef0000000000000000000000000000000001", _ct);

        Assert.Equal(a + 1, b);
    }

    [Fact]
    public async Task Batches_Reopened_KeepStatesAndMembership()
    {
        var entries = Enumerable.Range(0, 3).Select(_ => Entries.Make()).ToList();
        var digests = entries.Select(e => e.Digest).ToList();
        using (var store = new FileReceiptStore(_dir.Path))
        {
            foreach (var e in entries)
            {
                await store.AddAsync(e, _ct);
            }

            await store.AddBatchAsync(new BatchRecord(0, Bytes32.Zero, digests[..2], Bytes32.Zero, DateTimeOffset.UnixEpoch), _ct);
            await store.MarkPostedAsync(0, "0xabc", _ct);
            await store.MarkPublishedAsync(0, _ct);
            await store.AddBatchAsync(new BatchRecord(1, Bytes32.Zero, digests[2..], Bytes32.Zero, DateTimeOffset.UnixEpoch), _ct);
        }

        using var reopened = new FileReceiptStore(_dir.Path);
        Assert.Empty(reopened.Pending());
        Assert.Equal(2ul, reopened.NextBatchIndex);
        var first = reopened.Find(digests[1])!;
        Assert.Equal((StoredReceiptState.Posted, 0ul, 1, "0xabc"), (first.State, first.BatchIndex!.Value, first.LeafIndex!.Value, first.TxHash));
        var third = reopened.Find(digests[2])!;
        Assert.Equal((StoredReceiptState.Batched, 1ul, 0), (third.State, third.BatchIndex!.Value, third.LeafIndex!.Value));
        var unfinished = Assert.Single(reopened.UnfinishedBatches());
        Assert.Equal(1ul, unfinished.Batch.Index);
        Assert.False(unfinished.Posted);
    }

    [Fact]
    public async Task AddBatch_WrongIndexOrNonPendingMember_Throws()
    {
        using var store = new FileReceiptStore(_dir.Path);
        var entry = Entries.Make();
        await store.AddAsync(entry, _ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddBatchAsync(new BatchRecord(1, Bytes32.Zero, [entry.Digest], Bytes32.Zero, DateTimeOffset.UnixEpoch), _ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddBatchAsync(new BatchRecord(0, Bytes32.Zero, [Bytes32.Zero], Bytes32.Zero, DateTimeOffset.UnixEpoch), _ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddBatchAsync(new BatchRecord(0, Bytes32.Zero, [entry.Digest, entry.Digest], Bytes32.Zero, DateTimeOffset.UnixEpoch), _ct));
        await store.AddBatchAsync(new BatchRecord(0, Bytes32.Zero, [entry.Digest], Bytes32.Zero, DateTimeOffset.UnixEpoch), _ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddBatchAsync(new BatchRecord(1, Bytes32.Zero, [entry.Digest], Bytes32.Zero, DateTimeOffset.UnixEpoch), _ct));
    }

    [Fact]
    public async Task MarkPosted_OtherTxForPostedBatch_Throws()
    {
        using var store = new FileReceiptStore(_dir.Path);
        var entry = Entries.Make();
        await store.AddAsync(entry, _ct);
        await store.AddBatchAsync(new BatchRecord(0, Bytes32.Zero, [entry.Digest], Bytes32.Zero, DateTimeOffset.UnixEpoch), _ct);
        await store.MarkPostedAsync(0, "0x01", _ct);

        await store.MarkPostedAsync(0, "0x01", _ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.MarkPostedAsync(0, "0x02", _ct));
    }
}
