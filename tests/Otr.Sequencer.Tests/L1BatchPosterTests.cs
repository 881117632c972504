using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Otr.Chain.Transactions;
using Otr.Messaging;
using Otr.Protocol;
using Otr.Sequencer.Batching;
using Otr.Sequencer.Receipts;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

/// <summary>The L1 poster and the configured L1 path against a real OtrRollup on Anvil.</summary>
public sealed class L1BatchPosterTests(ChainFixture chain) : IClassFixture<ChainFixture>
{
    private static readonly TransactionManagerOptions Fast = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(25),
        ErrorSignatures = ["BatchIndexMismatch(uint64,uint64)"],
    };

    [Fact]
    public async Task PostAsync_NextBatch_SubmitsItOnceEvenWhenRepeatedOrJournalLost()
    {
        var ct = TestContext.Current.CancellationToken;
        var index = await chain.Rollup.GetNextBatchIndexAsync();
        var batch = Batch(index, Keccak.HashUtf8("data " + index));
        using var journalDir = new TempDirectory();
        using var lostJournalDir = new TempDirectory();

        string first, repeated, afterLoss;
        using (var journal = new FileTxJournal(journalDir.Path))
        await using (var transactions = Manager(journal))
        {
            var poster = new L1BatchPoster(transactions, chain.ReadWeb3, chain.Contracts.Rollup);
            first = await poster.PostAsync(batch, ct);
            repeated = await poster.PostAsync(batch, ct);
        }

        using (var journal = new FileTxJournal(lostJournalDir.Path))
        await using (var transactions = Manager(journal))
        {
            afterLoss = await new L1BatchPoster(transactions, chain.ReadWeb3, chain.Contracts.Rollup).PostAsync(batch, ct);
        }

        var onChain = await chain.Rollup.GetBatchAsync(index);
        Assert.NotNull(onChain);
        Assert.Equal((batch.Root, 2u, batch.DataPointer), (onChain.Root, onChain.Count, onChain.DataPointer));
        Assert.Equal(first, repeated);
        Assert.Equal(first, afterLoss);
        Assert.Equal(index + 1, await chain.Rollup.GetNextBatchIndexAsync());
    }

    [Fact]
    public async Task PostAsync_IndexTakenByOtherRoot_ThrowsConflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var index = await chain.Rollup.GetNextBatchIndexAsync();
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        using var journalA = new FileTxJournal(dirA.Path);
        using var journalB = new FileTxJournal(dirB.Path);
        await using var a = Manager(journalA);
        await using var b = Manager(journalB);
        await new L1BatchPoster(a, chain.ReadWeb3, chain.Contracts.Rollup).PostAsync(Batch(index, Bytes32.Zero), ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new L1BatchPoster(b, chain.ReadWeb3, chain.Contracts.Rollup).PostAsync(Batch(index, Keccak.HashUtf8("other")), ct));

        Assert.Contains("another batch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sequencer_L1Configured_PostsBatchesTheRollupAccepts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        var keyFile = Path.Combine(data.Path, "sequencer.key");
        await File.WriteAllTextAsync(keyFile, chain.SequencerKey + "\n", ct);
        var contracts = await chain.DeployAsync();
        var rollup = new Otr.Chain.Contracts.OtrRollupService(chain.ReadWeb3, contracts.Rollup);
        await using var executor = await FakeExecutor.StartAsync(new Eip712Domain(chain.Node.ChainId, contracts.Rollup));
        await using var bus = new InProcessBus();
        await using var host = await SequencerHost.StartAsync(
            data.Path,
            [executor],
            o => (o.ChainId, o.RollupAddress) = (chain.Node.ChainId, contracts.Rollup),
            b => (b.Enabled, b.MaxCount, b.MaxAge, b.TickInterval) = (true, 2, TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(25)),
            s => s.AddSingleton<IMessageBus>(bus),
            new Dictionary<string, string?>
            {
                ["Sequencer:L1:RpcUrl"] = chain.Node.RpcUrl,
                ["Sequencer:L1:PrivateKeyFile"] = keyFile,
                ["Sequencer:L1:PollInterval"] = "00:00:00.025",
            });

        var digests = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = $"p{i}" }, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            digests.Add(response.Headers.GetValues("X-OTR-Receipt-Digest").Single());
        }

        var store = host.Services.GetRequiredService<IReceiptStore>();
        await Eventually.HoldsAsync(() => store.UnfinishedBatches().Count == 0 && store.Pending().Count == 0, "batch posted and published", TimeSpan.FromSeconds(30));
        var body = await host.Anonymous.GetFromJsonAsync<JsonElement>($"/v1/receipts/{digests[1]}", ct);
        var batch = body.GetProperty("batch");
        var index = batch.GetProperty("index").GetUInt64();
        var proof = batch.GetProperty("proof").EnumerateArray().Select(p => Bytes32.Parse(p.GetString()!)).ToList();

        Assert.Equal(0ul, index);
        Assert.Equal(1ul, await rollup.GetNextBatchIndexAsync());
        Assert.True(await rollup.VerifyInclusionAsync(index, Bytes32.Parse(digests[1]), batch.GetProperty("leafIndex").GetInt64(), proof));
        var receipt = await chain.ReadWeb3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(batch.GetProperty("txHash").GetString());
        Assert.Equal(1, (int)receipt.Status.Value);
    }

    private TransactionManager Manager(ITxJournal journal) => new(chain.ReadWeb3, chain.SequencerKey, chain.Node.ChainId, Fast, journal);

    private static BatchRecord Batch(ulong index, Bytes32 dataPointer)
    {
        var members = new[] { Keccak.HashUtf8($"r{index}a"), Keccak.HashUtf8($"r{index}b") };
        return new BatchRecord(index, BatchBuilder.Build(members).Root, members, dataPointer, DateTimeOffset.UnixEpoch);
    }
}
