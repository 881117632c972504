using System.Numerics;
using Otr.Chain.Transactions;

namespace Otr.Chain.Tests.Transactions;

public sealed class TransactionManagerTests
{
    private const string Recipient = "0x000000000000000000000000000000000000beef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_Transfer_MinedAndBalanceMoves()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        await using var manager = chain.Manager(new InMemoryTxJournal());

        var outcome = await manager.SendAsync(TxIntent.Transfer("pay-1", Recipient, 12345), Ct);

        Assert.Equal(12345, await chain.BalanceAsync(Recipient));
        Assert.Equal(0UL, outcome.Nonce);
        Assert.Equal(1, outcome.Broadcasts);
        Assert.Equal(outcome.TransactionHash, outcome.Receipt.TransactionHash);
        Assert.True(outcome.BlockNumber > 0);
    }

    [Fact]
    public async Task SendAsync_SameIntentAgain_ReturnsSameOutcomeWithoutSending()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        await using var manager = chain.Manager(new InMemoryTxJournal());
        var intent = TxIntent.Transfer("pay-once", Recipient, 7);

        var first = await manager.SendAsync(intent, Ct);
        var second = await manager.SendAsync(intent, Ct);

        Assert.Equal(first.TransactionHash, second.TransactionHash);
        Assert.Equal(1UL, await chain.NonceAsync(manager.Address));
        Assert.Equal(7, await chain.BalanceAsync(Recipient));
    }

    [Fact]
    public async Task SendAsync_SameIdDifferentContent_Throws()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        await using var manager = chain.Manager(new InMemoryTxJournal());
        await manager.SendAsync(TxIntent.Transfer("x", Recipient, 1), Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => manager.SendAsync(TxIntent.Transfer("x", Recipient, 2), Ct));
    }

    [Fact]
    public async Task SendAsync_DeployThenCall_StoresWord()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        await using var manager = chain.Manager(new InMemoryTxJournal());

        var deployed = await manager.SendAsync(TxIntent.Deploy("deploy", TestChain.StorageInitCode), Ct);
        Assert.NotNull(deployed.ContractAddress);
        var word = "0x" + new string('0', 62) + "2a";
        await manager.SendAsync(TxIntent.Call("store-42", deployed.ContractAddress!, word), Ct);

        Assert.Equal(42, await chain.StorageAsync(deployed.ContractAddress!, 0));
    }

    [Fact]
    public async Task SendAsync_ConcurrentIntents_ConsecutiveNoncesEachMinedOnce()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        await using var manager = chain.Manager(new InMemoryTxJournal());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 24)
            .Select(i => manager.SendAsync(TxIntent.Transfer($"pay-{i}", Recipient, 1), Ct)));

        Assert.Equal(Enumerable.Range(0, 24).Select(i => (ulong)i), outcomes.Select(o => o.Nonce).Order());
        Assert.Equal(24UL, await chain.NonceAsync(manager.Address));
        Assert.Equal(24, await chain.BalanceAsync(Recipient));
    }

    [Fact]
    public async Task SendAsync_SameIntentConcurrently_SentOnce()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        await using var manager = chain.Manager(new InMemoryTxJournal());
        var intent = TxIntent.Transfer("dup", Recipient, 5);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => manager.SendAsync(intent, Ct)));

        Assert.Single(outcomes.Select(o => o.TransactionHash).Distinct());
        Assert.Equal(1UL, await chain.NonceAsync(manager.Address));
    }

    [Fact]
    public async Task SendAsync_NonceUsedElsewhere_ResyncsAndSucceeds()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        await using var manager = chain.Manager(new InMemoryTxJournal());
        await using var intruder = chain.Manager(new InMemoryTxJournal());
        await manager.SendAsync(TxIntent.Transfer("a", Recipient, 1), Ct); // manager now expects nonce 1
        await intruder.SendAsync(TxIntent.Transfer("b", Recipient, 1), Ct); // ... which the intruder takes

        var outcome = await manager.SendAsync(TxIntent.Transfer("c", Recipient, 1), Ct);

        Assert.Equal(2UL, outcome.Nonce);
        Assert.Equal(3UL, await chain.NonceAsync(manager.Address));
    }

    [Fact]
    public async Task SendAsync_EstimateReverts_ThrowsDecodedCustomErrorAndSendsNothing()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        var options = new TransactionManagerOptions { PollInterval = TimeSpan.FromMilliseconds(25), ErrorSignatures = ["Nope(uint256)"] };
        await using var manager = chain.Manager(new InMemoryTxJournal(), options);
        var contract = (await manager.SendAsync(TxIntent.Deploy("deploy", TestChain.StorageInitCode), Ct)).ContractAddress!;

        var e = await Assert.ThrowsAsync<TransactionRevertedException>(() => manager.SendAsync(TxIntent.Call("bad", contract, "0x"), Ct));

        Assert.Null(e.TransactionHash);
        Assert.Equal("0xdeadbeef", e.Revert.Selector);
        Assert.Equal("0xdeadbeef" + new string('0', 62) + "2a", e.Revert.Data);
        Assert.Null(e.Revert.ErrorName); // 0xdeadbeef is not the selector of Nope(uint256)
        Assert.Equal(1UL, await chain.NonceAsync(manager.Address));
    }

    [Fact]
    public async Task SendAsync_MinedRevert_ThrowsTypedErrorOnceAndNeverResends()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        await using var manager = chain.Manager(new InMemoryTxJournal());
        var contract = (await manager.SendAsync(TxIntent.Deploy("deploy", TestChain.StorageInitCode), Ct)).ContractAddress!;
        var intent = TxIntent.Call("bad", contract, "0x") with { GasLimit = 100_000 }; // skip estimation: mine it

        var e = await Assert.ThrowsAsync<TransactionRevertedException>(() => manager.SendAsync(intent, Ct));
        var again = await Assert.ThrowsAsync<TransactionRevertedException>(() => manager.SendAsync(intent, Ct));

        Assert.NotNull(e.TransactionHash);
        Assert.Equal(BigInteger.Zero, (await chain.ReceiptAsync(e.TransactionHash!))!.Status.Value);
        Assert.Equal("0xdeadbeef", e.Revert.Selector);
        Assert.EndsWith("2a", e.Revert.Data, StringComparison.Ordinal);
        Assert.Equal(e.TransactionHash, again.TransactionHash);
        Assert.Equal(e.Revert.Data, again.Revert.Data);
        Assert.Equal(2UL, await chain.NonceAsync(manager.Address));
        Assert.Equal(TxIntentStatus.Reverted, (await manager.GetEntryAsync("bad", Ct))!.Status);
    }

    [Fact]
    public async Task SendAsync_RevertingDeployment_ThrowsBeforeSending()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        await using var manager = chain.Manager(new InMemoryTxJournal());

        var e = await Assert.ThrowsAsync<TransactionRevertedException>(() => manager.SendAsync(TxIntent.Deploy("d", TestChain.RevertingInitCode), Ct));

        Assert.Equal("0xdeadbeef", e.Revert.Selector);
        Assert.Equal(0UL, await chain.NonceAsync(manager.Address));
    }

    [Fact]
    public async Task SendAsync_StuckInPool_ReplacedWithHigherFeesAndMinedOnce()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        var journal = new InMemoryTxJournal();
        var options = new TransactionManagerOptions { PollInterval = TimeSpan.FromMilliseconds(25), FeeBumpTimeout = TimeSpan.FromMilliseconds(250) };
        await using var manager = chain.Manager(journal, options);
        await chain.Node.SetAutomineAsync(false, Ct);

        var send = manager.SendAsync(TxIntent.Transfer("stuck", Recipient, 3), Ct);
        var entry = await TestChain.EventuallyAsync(async () =>
            (await journal.LoadAsync(Ct)).SingleOrDefault(e => e.Attempts.Count >= 3), Ct);
        await chain.Node.MineAsync(ct: Ct);
        var outcome = await send;

        var first = entry.Attempts[0];
        var second = entry.Attempts[1];
        Assert.True(second.MaxPriorityFeePerGas * 1000 >= first.MaxPriorityFeePerGas * 1125);
        Assert.True(second.MaxFeePerGas * 1000 >= first.MaxFeePerGas * 1125);
        Assert.NotEqual(first.Hash, outcome.TransactionHash);
        Assert.Null(await chain.ReceiptAsync(first.Hash));
        Assert.True(outcome.Broadcasts >= 3);
        Assert.Equal(1UL, await chain.NonceAsync(manager.Address));
        Assert.Equal(3, await chain.BalanceAsync(Recipient));
    }

    [Fact]
    public async Task SendAsync_ThreeConfirmations_ReturnsOnlyAfterTwoMoreBlocks()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        var options = new TransactionManagerOptions { PollInterval = TimeSpan.FromMilliseconds(25), Confirmations = 3 };
        await using var manager = chain.Manager(new InMemoryTxJournal(), options);

        var send = manager.SendAsync(TxIntent.Transfer("conf", Recipient, 1), Ct);
        await TestChain.EventuallyAsync(async () => await chain.NonceAsync(manager.Address) == 1 ? "mined" : null, Ct);
        await Task.Delay(300, Ct);
        Assert.False(send.IsCompleted);
        await chain.Node.MineAsync(2, Ct);

        var outcome = await send.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.Equal(0UL, outcome.Nonce);
    }

    [Fact]
    public async Task SendAsync_Cancelled_LeavesIntentPendingInJournal()
    {
        await using var chain = await TestChain.StartAsync(Ct);
        var journal = new InMemoryTxJournal();
        await using var manager = chain.Manager(journal);
        await chain.Node.SetAutomineAsync(false, Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var send = manager.SendAsync(TxIntent.Transfer("later", Recipient, 1), cts.Token);
        await TestChain.EventuallyAsync(async () => (await journal.LoadAsync(Ct)).SingleOrDefault(), Ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        Assert.Equal(["later"], (await manager.GetUnfinishedIntentsAsync(Ct)).Select(i => i.IntentId));
    }
}
