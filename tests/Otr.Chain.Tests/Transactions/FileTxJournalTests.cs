using System.Numerics;
using Otr.Chain.Transactions;

namespace Otr.Chain.Tests.Transactions;

public sealed class FileTxJournalTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("otr-journal-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Delete(recursive: true);

    private static TxJournalEntry Entry(string id, TxIntentStatus status = TxIntentStatus.Pending, int attempts = 1) => new()
    {
        IntentId = id,
        From = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
        To = "0x000000000000000000000000000000000000beef",
        Data = "0x01",
        Value = BigInteger.Parse("123456789012345678901234567890"),
        GasLimit = 21000,
        Nonce = 4,
        Attempts = Enumerable.Range(0, attempts)
            .Select(i => new TxAttempt($"0x{i:x64}", "0x02", 2_000_000_000 + i, 1_000_000_000, DateTimeOffset.UnixEpoch))
            .ToArray(),
        Status = status,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task SaveAsync_ReopenedJournal_LastVersionPerIntentWins()
    {
        using (var journal = new FileTxJournal(_dir.FullName))
        {
            await journal.SaveAsync(Entry("a"), Ct);
            await journal.SaveAsync(Entry("b"), Ct);
            await journal.SaveAsync(Entry("a", TxIntentStatus.Mined, attempts: 2), Ct);
        }

        using var reopened = new FileTxJournal(_dir.FullName);
        var entries = (await reopened.LoadAsync(Ct)).OrderBy(e => e.IntentId).ToArray();

        Assert.Equal(["a", "b"], entries.Select(e => e.IntentId));
        Assert.Equal(TxIntentStatus.Mined, entries[0].Status);
        Assert.Equal(2, entries[0].Attempts.Count);
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890"), entries[0].Value);
        Assert.Equal(2_000_000_001, entries[0].Attempts[1].MaxFeePerGas);
    }

    [Fact]
    public async Task LoadAsync_TornLastLine_IgnoredAndFileCompacted()
    {
        using (var journal = new FileTxJournal(_dir.FullName))
        {
            await journal.SaveAsync(Entry("a"), Ct);
            await journal.SaveAsync(Entry("a", TxIntentStatus.Mined), Ct);
        }
        var path = Path.Combine(_dir.FullName, FileTxJournal.FileName);
        await File.AppendAllTextAsync(path, "{\"intentId\":\"a\",\"sta", Ct);

        using var reopened = new FileTxJournal(_dir.FullName);
        var entry = Assert.Single(await reopened.LoadAsync(Ct));

        Assert.Equal(TxIntentStatus.Mined, entry.Status);
        Assert.Single(await File.ReadAllLinesAsync(path, Ct));
    }
}
