using System.Numerics;
using System.Text.Json;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Chain.Contracts;
using Otr.Chain.Disputes;
using Otr.Cli.Devnet;
using Otr.Cli.Verify;
using Otr.Executor.Configuration;
using Otr.Inference;
using Otr.Inference.Fine;
using Otr.Messaging;
using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.EndToEnd.Tests;

/// <summary>
/// A devnet with two executors behind the sequencer: the first cheats as configured, the second is honest, so a
/// batch holds receipts of both. The challenger disputes the cheater's receipts on L1 and both agents play the game
/// to the end by themselves.
/// </summary>
public abstract class DisputeDevnet : DevnetHarness
{
    protected abstract CheatMode Cheat { get; }

    protected virtual bool Defends => true;

    protected override DevnetOptions Options(string dataDir) => base.Options(dataDir) with
    {
        Cheat = Cheat,
        ExecutorDefends = Defends,
        HonestExecutors = 1,
        Window = TimeSpan.FromSeconds(30),
        BatchMaxAge = TimeSpan.FromSeconds(4),
    };

    /// <summary>Two chats at once: round robin sends one to each executor, and both land in one batch.</summary>
    public async Task<(string Cheater, string Honest)> TwoReceiptsAsync(string prompt)
    {
        var cheater = await ExecutorAddressAsync(Net.Info.ExecutorUrl);
        var answers = await Task.WhenAll(ChatAsync(prompt + " (1)"), ChatAsync(prompt + " (2)"));
        var documents = answers.Select(a => a.GetRawText()).ToArray();
        var executors = answers.Select(a => a.GetProperty("otr").GetProperty("receipt").GetProperty("receipt").GetProperty("executor").GetString()!).ToArray();
        var c = Array.FindIndex(executors, e => e.Equals(cheater, StringComparison.OrdinalIgnoreCase));
        Assert.True(c >= 0 && !executors[1 - c].Equals(cheater, StringComparison.OrdinalIgnoreCase), $"expected one answer from each executor, got {string.Join(", ", executors)}");
        return (documents[c], documents[1 - c]);
    }

    public async Task<string> ExecutorAddressAsync(string executorUrl)
    {
        using var response = await Http.GetAsync($"{executorUrl}/v1/identity", TestContext.Current.CancellationToken);
        using var identity = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return identity.RootElement.GetProperty("address").GetString()!;
    }

    /// <summary>The challenger's dispute record of <paramref name="digest"/> once it has status <paramref name="status"/>.</summary>
    public async Task<JsonElement> WaitForDisputeAsync(string digest, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await Http.GetAsync($"{Net.Info.ChallengerUrl}/v1/disputes", TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            using var doc = JsonDocument.Parse(body);
            foreach (var game in doc.RootElement.GetProperty("data").EnumerateArray())
            {
                if (game.GetProperty("digest").GetString()!.Equals(digest, StringComparison.OrdinalIgnoreCase) && game.GetProperty("status").GetString() == status)
                {
                    return game.Clone();
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"the challenger's game on {digest} did not reach '{status}' within {timeout}: {body}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    public DisputeGameService Game(int devAccount) =>
        new(new Web3(new Account(Net.Anvil.DevPrivateKeys[devAccount], Net.Anvil.ChainId), Net.Info.RpcUrl), Net.Info.Contracts.DisputeGame!);

    /// <summary>Asserts the acceptance of a cheating mode: the challenger won for <paramref name="reason"/>, was paid, the cheater's stake is gone, its receipt is INVALIDATED and the honest one in the same batch FINAL.</summary>
    public async Task AssertChallengerWonAsync(string cheated, string honest, DisputeReason reason, Func<Task>? whileOpen = null)
    {
        var report = await VerifyAsync(cheated);
        var digest = report.Digest.ToString();
        await WaitForStateAsync(cheated, "DISPUTED", TimeSpan.FromSeconds(90));
        if (whileOpen is not null)
        {
            await whileOpen();
        }

        var done = await WaitForDisputeAsync(digest, "done", TimeSpan.FromSeconds(240));
        Assert.Equal(("ChallengerWins", reason.ToString()), (done.GetProperty("outcome").GetString(), done.GetProperty("reason").GetString()));

        var game = Game(0);
        var stake = BigInteger.Pow(10, 18);
        var bps = await game.GetChallengerRewardBpsAsync();
        var bond = (await game.GetGameAsync(report.Digest))!.Bond;
        Assert.Equal($"withdrew {bond + (stake * bps / 10_000)} wei", done.GetProperty("detail").GetString());

        var registry = new ExecutorRegistryService(new Web3(Net.Info.RpcUrl), Net.Info.Contracts.ExecutorRegistry);
        var cheater = await ExecutorAddressAsync(Net.Info.ExecutorUrl);
        Assert.Equal(BigInteger.Zero, (await registry.GetRegistrationAsync(cheater))!.Stake);

        var invalidated = await WaitForStateAsync(cheated, "INVALIDATED", TimeSpan.FromSeconds(30));
        Assert.Equal("INVALIDATED", invalidated.StateName);
        var final = await WaitForStateAsync(honest, "FINAL", TimeSpan.FromSeconds(90));
        Assert.Equal("FINAL", final.StateName);
        var (cheatedBatch, honestBatch) = (await PlacementAsync(cheated), await PlacementAsync(honest));
        Assert.Equal(cheatedBatch, honestBatch);
    }

    private async Task<ulong> PlacementAsync(string document)
    {
        var target = new VerifyTarget(Net.Info.RpcUrl, Net.Info.Contracts.Rollup, Net.Info.Contracts.ExecutorRegistry, Net.Info.Url, Net.Info.ApiKey);
        var evidence = await new ReceiptInspector(Http).InspectAsync(document, target, TestContext.Current.CancellationToken);
        return evidence.Placement!.BatchIndex;
    }
}

/// <summary>Model downgrade: the cheater runs other weights than it registered.</summary>
public sealed class OtherWeightsDisputeDevnet : DisputeDevnet
{
    protected override CheatMode Cheat => CheatMode.OtherWeights;
}

/// <summary>The cheater signs a trace with one leaf replaced.</summary>
public sealed class TamperedLeafDisputeDevnet : DisputeDevnet
{
    protected override CheatMode Cheat => CheatMode.TamperTraceLeaf;
}

/// <summary>The cheater signs an output whose last token it did not compute.</summary>
public sealed class AlteredOutputDisputeDevnet : DisputeDevnet
{
    protected override CheatMode Cheat => CheatMode.AlterOutputBeforeSigning;
}

/// <summary>The cheater signs a tampered trace and then never answers a move.</summary>
public sealed class SilentCheaterDisputeDevnet : DisputeDevnet
{
    protected override CheatMode Cheat => CheatMode.TamperTraceLeaf;

    protected override bool Defends => false;
}

public sealed class OtherWeightsDisputeTests(OtherWeightsDisputeDevnet devnet) : IClassFixture<OtherWeightsDisputeDevnet>
{
    [Fact]
    public async Task ModelDowngrade_ChallengerWinsByOneStep_Slashed_ReceiptInvalidated_BatchMateFinal()
    {
        var (cheated, honest) = await devnet.TwoReceiptsAsync("which weights did you run?");
        var verdict = await devnet.WaitForVerdictAsync((await devnet.VerifyAsync(cheated)).Digest.ToString(), TimeSpan.FromSeconds(60));
        Assert.Contains("trace_mismatch", DevnetHarness.FindingKinds(verdict));
        await devnet.AssertChallengerWonAsync(cheated, honest, DisputeReason.Step);
    }
}

public sealed class TamperedLeafDisputeTests(TamperedLeafDisputeDevnet devnet) : IClassFixture<TamperedLeafDisputeDevnet>
{
    [Fact]
    public async Task TamperedLeaf_AgentsRestartedMidGame_ChallengerStillWinsByOneStep()
    {
        var (cheated, honest) = await devnet.TwoReceiptsAsync("one leaf is not what it seems");
        var ct = TestContext.Current.CancellationToken;
        await devnet.AssertChallengerWonAsync(cheated, honest, DisputeReason.Step, async () =>
        {
            // Kill both agents while the game is being played; each resumes from L1 and its journal.
            await devnet.Net.RestartChallengerAsync(ct);
            await devnet.Net.RestartExecutorAsync(0, ct);
        });
    }
}

public sealed class AlteredOutputDisputeTests(AlteredOutputDisputeDevnet devnet) : IClassFixture<AlteredOutputDisputeDevnet>
{
    [Fact]
    public async Task OutputAlteredBeforeSigning_ChallengerProvesTokenMismatch()
    {
        var (cheated, honest) = await devnet.TwoReceiptsAsync("say it and sign something else");
        await devnet.AssertChallengerWonAsync(cheated, honest, DisputeReason.TokenMismatch);
    }
}

public sealed class SilentCheaterDisputeTests(SilentCheaterDisputeDevnet devnet) : IClassFixture<SilentCheaterDisputeDevnet>
{
    [Fact]
    public async Task CheaterRefusesMoves_ChallengerWinsByTimeout()
    {
        var (cheated, honest) = await devnet.TwoReceiptsAsync("no comment");
        var ct = TestContext.Current.CancellationToken;
        await devnet.AssertChallengerWonAsync(cheated, honest, DisputeReason.Timeout, async () =>
        {
            // The game is stalled on the executor's move: restart the challenger there (deterministically mid-game),
            // then let the executor's deadline (60 s per move) pass on L1; the restarted challenger claims the timeout.
            await devnet.Net.RestartChallengerAsync(ct);
            await devnet.Net.Anvil.IncreaseTimeAsync(61, ct);
            await devnet.Net.Anvil.MineAsync(1, ct);
        });
    }
}

/// <summary>An honest executor challenged by someone who ran other weights: the executor's agent wins and takes the bond.</summary>
[Collection(nameof(HonestDevnet))]
public sealed class WrongChallengerTests(HonestDevnet devnet)
{
    private const int RogueAccount = 6;

    [Fact]
    public async Task HonestExecutorWronglyChallenged_WinsByOneStep_TakesBond_ReceiptFinal()
    {
        var ct = TestContext.Current.CancellationToken;
        var net = devnet.Net;
        var document = (await devnet.ChatAsync("challenge me if you dare")).GetRawText();
        await devnet.WaitForStateAsync(document, "POSTED", TimeSpan.FromSeconds(30));
        var target = new VerifyTarget(net.Info.RpcUrl, net.Info.Contracts.Rollup, net.Info.Contracts.ExecutorRegistry, net.Info.Url, net.Info.ApiKey);
        var evidence = await new ReceiptInspector(devnet.Http).InspectAsync(document, target, ct);
        var digest = evidence.Receipt.Digest;
        var published = await PublishedAsync(net.Bus, digest.ToString(), ct);

        // The rogue replays with other weights, so its root differs everywhere; its witnesses still open the registered model.
        var registered = DemoModelFactory.Create(1);
        var rogue = Q8DisputeTrace.Replay(new ReferenceInterpreter(DemoModelFactory.Create(2)), published.Prompt, published.OutputTokens, published.Decoding, registered);
        var web3 = new Web3(new Account(net.Anvil.DevPrivateKeys[RogueAccount], net.Anvil.ChainId), net.Info.RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        var game = new DisputeGameService(web3, net.Info.Contracts.DisputeGame!);
        var placement = evidence.Placement!;
        var signed = evidence.Receipt;
        await game.OpenAsync(new DisputeOpenRequest(
            signed.Receipt, signed.Signature, placement.BatchIndex, placement.LeafIndex, placement.Proof, published.Prompt,
            [.. published.OutputTokens.Select(t => (uint)t)], published.Decoding, rogue.Root), await game.GetBondAsync(), ct);
        var operatorAddress = net.Anvil.DevAddresses[2];
        var operatorBefore = (await web3.Eth.GetBalance.SendRequestAsync(operatorAddress)).Value;
        var bond = (await game.GetGameAsync(digest))!.Bond;

        var player = new DisputePlayer(game);
        DisputeGameState state;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        var rogueMoves = 0;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "the game did not end");
            var advance = await player.AdvanceAsync(digest, DisputeRole.Challenger, rogue, rogue.Witnesses, ct);
            state = advance.State;
            if (advance.TransactionHash is not null && ++rogueMoves == 2)
            {
                // The game waits on the rogue's pace: restart the executor here, certainly mid-game; it resumes from L1 and its journal.
                await net.RestartExecutorAsync(0, ct);
            }

            await Task.Delay(200, ct);
        }
        while (state.Phase != DisputePhase.Resolved);
        Assert.True(rogueMoves >= 2, "the game ended before the executor could be restarted in it");

        Assert.Equal((DisputeOutcome.ExecutorWins, DisputeReason.Step), (state.Outcome, state.Reason));
        var final = await devnet.WaitForStateAsync(document, "FINAL", TimeSpan.FromSeconds(10));
        Assert.Equal("FINAL", final.StateName);

        // The executor's agent played from its operator account and withdrew the bond to it (gas spent on the moves is far below the bond).
        var deadline2 = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await web3.Eth.GetBalance.SendRequestAsync(operatorAddress)).Value - operatorBefore < bond * 9 / 10 && DateTime.UtcNow < deadline2)
        {
            await Task.Delay(250, ct);
        }

        Assert.True((await web3.Eth.GetBalance.SendRequestAsync(operatorAddress)).Value - operatorBefore >= bond * 9 / 10, "the operator did not receive the bond");
        Assert.Equal(BigInteger.Zero, await game.GetCreditAsync(operatorAddress));
        var registry = new ExecutorRegistryService(web3, net.Info.Contracts.ExecutorRegistry);
        Assert.Equal(BigInteger.Pow(10, 18), (await registry.GetRegistrationAsync(signed.Receipt.Executor))!.Stake);
    }

    private static async Task<ReceiptPublished> PublishedAsync(IMessageBus bus, string digest, CancellationToken ct)
    {
        await using var consumer = await bus.SubscribeAsync(Topics.Receipts, "rogue-" + Guid.NewGuid().ToString("n"), ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var message = await consumer.ConsumeAsync(timeout.Token);
            var published = message.Deserialize<ReceiptPublished>();
            if (published.ReceiptDigest.Equals(digest, StringComparison.OrdinalIgnoreCase))
            {
                return published;
            }
        }
    }
}
