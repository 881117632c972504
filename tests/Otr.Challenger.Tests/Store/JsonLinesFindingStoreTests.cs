using System.Text;
using Otr.Protocol;

namespace Otr.Challenger.Tests.Store;

public sealed class JsonLinesFindingStoreTests
{
    private static Verdict Verdict(byte id, params string[] kinds) => new(
        Keccak.Hash([id]),
        Keccak.Hash([id, 1]),
        ReceiptFields.ModelId("otr-demo-q8"),
        "0x1111111111111111111111111111111111111111",
        id,
        2,
        id,
        InclusionStatus.Included,
        new DateTimeOffset(2025, 1, 1, 0, 0, id, TimeSpan.Zero),
        true,
        kinds.Contains(FindingKind.TraceMismatch),
        [.. kinds.Select(k => new Finding(k, $"{k} on {id}"))],
        kinds.Contains(FindingKind.TraceMismatch)
            ? new TraceDivergence(Keccak.Hash([1]), 10, Keccak.Hash([2]), 11, null, 0, 10)
            : null);

    [Fact]
    public async Task AddAsync_SameDigestTwice_StoresOnce()
    {
        using var dir = new TempDirectory();
        using var store = new JsonLinesFindingStore(dir.File("findings.jsonl"));

        Assert.True(await store.AddAsync(Verdict(1, FindingKind.BadSignature), TestContext.Current.CancellationToken));
        Assert.False(await store.AddAsync(Verdict(1), TestContext.Current.CancellationToken));

        Assert.Equal(1, store.Count);
        Assert.Equal(FindingKind.BadSignature, store.Find(Keccak.Hash([1]))!.Findings.Single().Kind);
        Assert.Single(File.ReadAllLines(store.FilePath));
    }

    [Fact]
    public async Task Reopen_AfterAdds_ReadsEveryVerdictBack()
    {
        using var dir = new TempDirectory();
        var path = dir.File("findings.jsonl");
        var written = new[] { Verdict(1), Verdict(2, FindingKind.TraceMismatch, FindingKind.OutputMismatch), Verdict(3, FindingKind.NotInBatch) };
        using (var store = new JsonLinesFindingStore(path))
        {
            foreach (var v in written)
            {
                await store.AddAsync(v, TestContext.Current.CancellationToken);
            }
        }

        using var reopened = new JsonLinesFindingStore(path);

        Assert.Equal(3, reopened.Count);
        foreach (var v in written)
        {
            var read = reopened.Find(v.Digest)!;
            Assert.Equal(v with { Findings = [], Trace = null }, read with { Findings = [], Trace = null });
            Assert.Equal(v.Findings, read.Findings);
            Assert.Equal(v.Trace, read.Trace);
        }

        Assert.False(await reopened.AddAsync(Verdict(2), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reopen_TornLastLine_CutsItAndKeepsAppending()
    {
        using var dir = new TempDirectory();
        var path = dir.File("findings.jsonl");
        using (var store = new JsonLinesFindingStore(path))
        {
            await store.AddAsync(Verdict(1), TestContext.Current.CancellationToken);
        }

        await File.AppendAllTextAsync(path, "{\"digest\":\"0x12", Encoding.UTF8, TestContext.Current.CancellationToken);

        using (var store = new JsonLinesFindingStore(path))
        {
            Assert.Equal(1, store.Count);
            Assert.True(await store.AddAsync(Verdict(2), TestContext.Current.CancellationToken));
        }

        using var again = new JsonLinesFindingStore(path);
        Assert.Equal(2, again.Count);
        Assert.Equal(2, File.ReadAllLines(path).Length);
    }

    [Fact]
    public async Task Open_CorruptCompleteLine_FailsNamingTheLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("findings.jsonl");
        await File.WriteAllTextAsync(path, "not json\n", TestContext.Current.CancellationToken);

        var e = Assert.Throws<InvalidDataException>(() => new JsonLinesFindingStore(path));

        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_MixedVerdicts_NewestFirstWithFindingsOnlyFilteredByKind()
    {
        using var dir = new TempDirectory();
        using var store = new JsonLinesFindingStore(dir.File("f.jsonl"));
        await store.AddAsync(Verdict(1, FindingKind.BadSignature), TestContext.Current.CancellationToken);
        await store.AddAsync(Verdict(2), TestContext.Current.CancellationToken);
        await store.AddAsync(Verdict(3, FindingKind.TraceMismatch), TestContext.Current.CancellationToken);
        await store.AddAsync(Verdict(4, FindingKind.BadSignature, FindingKind.NotInBatch), TestContext.Current.CancellationToken);

        Assert.Equal([4, 3, 1], store.List(null, 10).Select(v => (int)v.Nonce));
        Assert.Equal([4, 1], store.List(FindingKind.BadSignature, 10).Select(v => (int)v.Nonce));
        Assert.Equal([4], store.List(null, 1).Select(v => (int)v.Nonce));
        Assert.Empty(store.List(FindingKind.UnknownModel, 10));
    }
}
