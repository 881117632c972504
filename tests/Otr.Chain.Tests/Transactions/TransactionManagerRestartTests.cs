using Otr.Chain.Transactions;

namespace Otr.Chain.Tests.Transactions;

public sealed class TransactionManagerRestartTests : IDisposable
{
    private const string Recipient = "0x000000000000000000000000000000000000cafe";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("otr-txjournal-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task SendAsync_RestartWhileInPool_ReattachesAndMinesExactlyOnce()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        await chain.Node.SetAutomineAsync(false, Ct);
        var intent = TxIntent.Transfer("batch-17", Recipient, 17);
        TxJournalEntry sent;
        using (var journal = new FileTxJournal(_dir.FullName))
        {
            var first = chain.Manager(journal);
            var pending = first.SendAsync(intent, Ct);
            sent = await TestChain.EventuallyAsync(async () => (await journal.LoadAsync(Ct)).SingleOrDefault(), Ct);
            await first.DisposeAsync(); // the "crash": the send is abandoned while the transaction sits in the pool
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }

        using var reopened = new FileTxJournal(_dir.FullName);
        await using var second = chain.Manager(reopened);
        Assert.Equal(["batch-17"], (await second.GetUnfinishedIntentsAsync(Ct)).Select(i => i.IntentId));
        var resumed = second.SendAsync(intent, Ct);
        await chain.Node.SetAutomineAsync(true, Ct);
        await chain.Node.MineAsync(ct: Ct);
        var outcome = await resumed.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(sent.Attempts[0].Hash, outcome.TransactionHash);
        Assert.Equal(0UL, outcome.Nonce);
        Assert.Equal(1UL, await chain.NonceAsync(second.Address));
        Assert.Equal(17, await chain.BalanceAsync(Recipient));
        Assert.Equal(TxIntentStatus.Mined, (await reopened.LoadAsync(Ct)).Single().Status);
    }

    [Fact]
    public async Task SendAsync_RestartAfterMined_ReturnsOutcomeWithoutSending()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        var intent = TxIntent.Transfer("batch-3", Recipient, 3);
        TxOutcome original;
        using (var journal = new FileTxJournal(_dir.FullName))
        await using (var first = chain.Manager(journal))
            original = await first.SendAsync(intent, Ct);

        using var reopened = new FileTxJournal(_dir.FullName);
        await using var second = chain.Manager(reopened);
        var again = await second.SendAsync(intent, Ct);
        var next = await second.SendAsync(TxIntent.Transfer("batch-4", Recipient, 4), Ct);

        Assert.Equal(original.TransactionHash, again.TransactionHash);
        Assert.Equal(original.BlockNumber, again.BlockNumber);
        Assert.Equal(1UL, next.Nonce);
        Assert.Equal(7, await chain.BalanceAsync(Recipient));
    }

    [Fact]
    public async Task SendAsync_JournaledButNeverBroadcast_RebroadcastsSameTransaction()
    {
        // A crash between the journal write and eth_sendRawTransaction leaves a signed transaction the node never saw.
        await using var chain = await TestChain.StartAsync(Ct);
        var intent = TxIntent.Transfer("lost", Recipient, 9);
        var scratch = new InMemoryTxJournal();
        await chain.Node.SetAutomineAsync(false, Ct);
        await using (var signer = chain.Manager(scratch))
        {
            var pending = signer.SendAsync(intent, Ct);
            await TestChain.EventuallyAsync(async () => (await scratch.LoadAsync(Ct)).SingleOrDefault(), Ct);
            await signer.DisposeAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }
        await chain.Node.RpcAsync("anvil_dropAllTransactions", [], Ct);
        await chain.Node.SetAutomineAsync(true, Ct);
        var journaled = (await scratch.LoadAsync(Ct)).Single();
        using var journal = new FileTxJournal(_dir.FullName);
        await journal.SaveAsync(journaled, Ct);

        await using var manager = chain.Manager(journal);
        var outcome = await manager.SendAsync(intent, Ct);

        Assert.Equal(journaled.Attempts[0].Hash, outcome.TransactionHash);
        Assert.Equal(1UL, await chain.NonceAsync(manager.Address));
    }

    [Fact]
    public async Task SendAsync_JournaledNonceTakenByOtherTransaction_FailsThenRetriesUnderNewNonce()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        var intent = TxIntent.Transfer("stolen", Recipient, 5);
        var scratch = new InMemoryTxJournal();
        await chain.Node.SetAutomineAsync(false, Ct);
        await using (var signer = chain.Manager(scratch))
        {
            var pending = signer.SendAsync(intent, Ct);
            await TestChain.EventuallyAsync(async () => (await scratch.LoadAsync(Ct)).SingleOrDefault(), Ct);
            await signer.DisposeAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }
        await chain.Node.RpcAsync("anvil_dropAllTransactions", [], Ct);
        await chain.Node.SetAutomineAsync(true, Ct);
        await using (var other = chain.Manager(new InMemoryTxJournal()))
            await other.SendAsync(TxIntent.Transfer("other", Recipient, 1), Ct); // takes nonce 0

        await using var manager = chain.Manager(scratch);
        var e = await Assert.ThrowsAsync<TransactionManagerException>(() => manager.SendAsync(intent, Ct));
        var outcome = await manager.SendAsync(intent, Ct);

        Assert.Contains("nonce 0", e.Message, StringComparison.Ordinal);
        Assert.Equal(1UL, outcome.Nonce);
        Assert.Equal(6, await chain.BalanceAsync(Recipient));
    }
}
