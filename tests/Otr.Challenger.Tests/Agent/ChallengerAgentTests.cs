using Microsoft.Extensions.Hosting;
using Otr.Challenger.Tests.Kit;
using Otr.Inference;
using Otr.Messaging;
using Otr.Protocol;

namespace Otr.Challenger.Tests.Agent;

public sealed class ChallengerAgentTests
{
    private static readonly DecodingParams Greedy = new(12, 0, 0);

    private static IQ8Engine HonestEngine() => new ReferenceInterpreter(ChallengerNetwork.HonestModel);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Agent_HonestReceipt_StoresCleanVerdict()
    {
        await using var net = new ChallengerNetwork();
        var honest = net.Executor.Execute(HonestEngine(), "the cat sat on", Greedy);
        await net.PublishBatchAsync(honest);
        using var host = net.BuildChallenger();

        await host.StartAsync(Ct);
        await host.WaitForVerdictsAsync(1);
        await host.StopAsync(Ct);

        var verdict = host.Store().Find(honest.Signed.Digest)!;
        Assert.Empty(verdict.Findings);
        Assert.True(verdict.Reexecuted);
        Assert.Equal(InclusionStatus.Included, verdict.Inclusion);
        Assert.Equal(0ul, verdict.BatchIndex);
    }

    [Fact]
    public async Task Agent_OutputAlteredAfterSigning_ReportsOutputHashMismatchOnly()
    {
        await using var net = new ChallengerNetwork();
        var honest = net.Executor.Execute(HonestEngine(), "hello there", Greedy);
        await net.PublishBatchAsync([honest], (_, m) => m with { OutputTokens = [.. m.OutputTokens.Select(t => t == 'a' ? 'b' : 'a')] });
        using var host = net.BuildChallenger();

        await host.StartAsync(Ct);
        await host.WaitForVerdictsAsync(1);
        await host.StopAsync(Ct);

        var verdict = host.Store().Find(honest.Signed.Digest)!;
        Assert.Equal([FindingKind.OutputHashMismatch], verdict.Findings.Select(f => f.Kind));
        Assert.False(verdict.Disputable);
    }

    [Fact]
    public async Task Agent_ExecutorRanOtherWeights_ReportsTraceMismatchAndIsDisputable()
    {
        await using var net = new ChallengerNetwork();
        var cheat = net.Executor.Execute(
            new ReferenceInterpreter(ChallengerNetwork.OtherModel), "once upon a time", Greedy, ChallengerNetwork.HonestModel.Name);
        await net.PublishBatchAsync(cheat);
        using var host = net.BuildChallenger();

        await host.StartAsync(Ct);
        await host.WaitForVerdictsAsync(1);
        await host.StopAsync(Ct);

        var verdict = host.Store().Find(cheat.Signed.Digest)!;
        Assert.Contains(FindingKind.TraceMismatch, verdict.Findings.Select(f => f.Kind));
        Assert.All(verdict.Findings, f => Assert.Contains(f.Kind, new[] { FindingKind.OutputMismatch, FindingKind.TraceMismatch }));
        Assert.True(verdict.Disputable);
        var trace = verdict.Trace!;
        Assert.Equal(cheat.Signed.Receipt.TraceRoot, trace.ClaimedRoot);
        Assert.NotEqual(trace.ClaimedRoot, trace.OurRoot);
        Assert.True(trace.OurLength > 0);
    }

    [Fact]
    public async Task Agent_UnregisteredSigner_ReportsUnregisteredExecutor()
    {
        await using var net = new ChallengerNetwork();
        var stranger = new ReceiptMaker(ChallengerNetwork.Domain, ChallengerNetwork.Key(0x22));
        var receipt = stranger.Execute(HonestEngine(), "who goes there", Greedy);
        await net.PublishBatchAsync(receipt);
        using var host = net.BuildChallenger();

        await host.StartAsync(Ct);
        await host.WaitForVerdictsAsync(1);
        await host.StopAsync(Ct);

        Assert.Equal([FindingKind.UnregisteredExecutor], host.Store().Find(receipt.Signed.Digest)!.Findings.Select(f => f.Kind));
    }

    [Fact]
    public async Task Agent_ReceiptSignedForAnotherRollup_ReportsBadSignature()
    {
        await using var net = new ChallengerNetwork();
        var elsewhere = new ReceiptMaker(ChallengerNetwork.Domain with { ChainId = 1 }, ChallengerNetwork.Key(0x11));
        var receipt = elsewhere.Execute(HonestEngine(), "replayed", Greedy);
        await net.PublishBatchAsync(receipt);
        using var host = net.BuildChallenger();

        await host.StartAsync(Ct);
        await host.WaitForVerdictsAsync(1);
        await host.StopAsync(Ct);

        var verdict = Assert.Single(host.Store().List(null, 10));
        Assert.Contains(FindingKind.BadSignature, verdict.Findings.Select(f => f.Kind));
    }

    [Fact]
    public async Task Agent_WrongLeafIndexPublished_ReportsNotInBatch()
    {
        await using var net = new ChallengerNetwork();
        var a = net.Executor.Execute(HonestEngine(), "first", Greedy);
        var b = net.Executor.Execute(HonestEngine(), "second", Greedy);
        await net.PublishBatchAsync([a, b], (i, m) => m with { LeafIndex = (ulong)(1 - i) });
        using var host = net.BuildChallenger();

        await host.StartAsync(Ct);
        await host.WaitForVerdictsAsync(2);
        await host.StopAsync(Ct);

        Assert.All(host.Store().List(null, 10), v => Assert.Equal([FindingKind.NotInBatch], v.Findings.Select(f => f.Kind)));
        Assert.Equal(2, host.Store().List(FindingKind.NotInBatch, 10).Count);
    }

    [Fact]
    public async Task Agent_BatchDigestsNeverPublished_JudgesWithInclusionUnknown()
    {
        await using var net = new ChallengerNetwork();
        var honest = net.Executor.Execute(HonestEngine(), "lonely", Greedy);
        var message = new ReceiptPublished(
            ReceiptJson.Serialize(honest.Signed), honest.Signed.Digest.ToString(), "otr-demo-q8", honest.Prompt, honest.Params,
            honest.Tokens, honest.Text, 42, 0);
        await net.Bus.PublishJsonAsync(Topics.Receipts, "k", message, ct: Ct);
        using var host = net.BuildChallenger(o => o.BatchWait = TimeSpan.FromMilliseconds(200));

        await host.StartAsync(Ct);
        await host.WaitForVerdictsAsync(1);
        await host.StopAsync(Ct);

        var verdict = host.Store().Find(honest.Signed.Digest)!;
        Assert.Empty(verdict.Findings);
        Assert.Equal(InclusionStatus.Unknown, verdict.Inclusion);
    }

    [Fact]
    public async Task Agent_UnreadableMessage_SkipsItAndJudgesTheNext()
    {
        await using var net = new ChallengerNetwork();
        await net.Bus.PublishAsync(Topics.Receipts, "junk", "{not json"u8.ToArray(), ct: Ct);
        var honest = net.Executor.Execute(HonestEngine(), "after junk", Greedy);
        await net.PublishBatchAsync(honest);
        using var host = net.BuildChallenger();

        await host.StartAsync(Ct);
        await host.WaitForVerdictsAsync(1);
        await host.StopAsync(Ct);

        Assert.Empty(host.Store().Find(honest.Signed.Digest)!.Findings);
    }

    [Fact]
    public async Task Agent_L1FailsTransiently_RetriesAndJudgesOnce()
    {
        await using var net = new ChallengerNetwork();
        var honest = net.Executor.Execute(HonestEngine(), "flaky rpc", Greedy);
        await net.PublishBatchAsync(honest);
        using var host = net.BuildChallenger();
        await host.StartAsync(Ct);

        net.L1.FailNext(3);
        await host.WaitForVerdictsAsync(1);
        await host.StopAsync(Ct);

        Assert.Empty(host.Store().Find(honest.Signed.Digest)!.Findings);
        Assert.Single(File.ReadAllLines(net.FindingsPath));
    }

    [Fact]
    public async Task Agent_WeightsDifferFromL1Registration_RefusesToStart()
    {
        await using var net = new ChallengerNetwork();
        using var host = net.BuildChallenger(model: ChallengerNetwork.OtherModel);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(Ct));

        Assert.Contains("refuses to run", e.Message, StringComparison.Ordinal);
        Assert.Contains(ChallengerNetwork.OtherModel.WeightsRoot.ToString(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_RestartMidStream_JudgesEachReceiptExactlyOnce()
    {
        await using var net = new ChallengerNetwork();
        var receipts = Enumerable.Range(0, 8)
            .Select(i => net.Executor.Execute(HonestEngine(), $"prompt number {i}", Greedy))
            .ToArray();
        await net.PublishBatchAsync(receipts[..4]);
        await net.PublishBatchAsync(receipts[4..]);

        GatedReexecutor? gate = null;
        using (var first = net.BuildChallenger(wrap: r => gate = new GatedReexecutor(r, allowed: 3)))
        {
            await first.StartAsync(Ct);
            await first.WaitForVerdictsAsync(3);
            while (gate!.Blocked == 0)
            {
                await Task.Delay(10, Ct);
            }

            // Stopped while the fourth receipt is being re-executed: it is neither stored nor committed.
            await first.StopAsync(Ct);
            Assert.Equal(3, first.Store().Count);
        }

        Assert.Equal(3, File.ReadAllLines(net.FindingsPath).Length);

        await net.ReopenBusAsync();
        using var second = net.BuildChallenger();
        await second.StartAsync(Ct);
        await second.WaitForVerdictsAsync(8);
        await WaitUntilCommittedAsync(net);
        await second.StopAsync(Ct);

        var lines = File.ReadAllLines(net.FindingsPath);
        Assert.Equal(8, lines.Length);
        var judged = lines.Select(l => System.Text.Json.JsonSerializer.Deserialize<Verdict>(l, ChallengerJson.Options)!.Digest);
        Assert.Equal(receipts.Select(r => r.Signed.Digest.ToString()).Order(), judged.Select(d => d.ToString()).Order());
        Assert.All(receipts, r => Assert.True(second.Store().Find(r.Signed.Digest)!.IsClean));
    }

    [Fact]
    public async Task Agent_CrashAfterStoreBeforeCommit_DoesNotJudgeTwice()
    {
        await using var net = new ChallengerNetwork();
        var honest = net.Executor.Execute(HonestEngine(), "stored then crashed", Greedy);
        var later = net.Executor.Execute(HonestEngine(), "the next one", Greedy);
        await net.PublishBatchAsync(honest, later);

        // The previous process stored the first verdict and died before committing its offset.
        using (var store = new JsonLinesFindingStore(net.FindingsPath))
        {
            var facts = new ReceiptCheckFacts(honest.Signed.Digest, honest.Signed.Receipt.Executor, true, ModelStatus.Served, InclusionStatus.Included, null, null, DateTimeOffset.UnixEpoch);
            await store.AddAsync(
                ReceiptCheckPolicy.Evaluate(
                    new PublishedReceipt(honest.Signed.Receipt, honest.Signed.Signature, honest.Prompt, honest.Params, honest.Tokens, honest.Text, 0, 0),
                    facts),
                Ct);
        }

        using var host = net.BuildChallenger();
        await host.StartAsync(Ct);
        await host.WaitForVerdictsAsync(2);
        await WaitUntilCommittedAsync(net);
        await host.StopAsync(Ct);

        Assert.Equal(2, File.ReadAllLines(net.FindingsPath).Length);
        Assert.Equal(DateTimeOffset.UnixEpoch, host.Store().Find(honest.Signed.Digest)!.CheckedAt);
    }

    private static async Task WaitUntilCommittedAsync(ChallengerNetwork net)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (net.Bus.GetCommittedOffset(Topics.Receipts, "challenger") < net.Bus.GetEndOffset(Topics.Receipts))
        {
            Assert.True(DateTime.UtcNow < deadline, "the challenger did not commit every receipt");
            await Task.Delay(20, Ct);
        }
    }
}
