using Otr.Chain.Contracts;
using Otr.Challenger.Tests.Kit;
using Otr.Inference;
using Otr.Messaging;
using Otr.Protocol;

namespace Otr.Challenger.Tests.L1;

public sealed class ChainReadersTests(AnvilL1 l1) : IClassFixture<AnvilL1>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegistryReader_AgainstAnvil_ReadsRegistrationsAndModels()
    {
        var reader = new ChainRegistryReader(
            new ExecutorRegistryService(l1.ReadOnly, l1.Contracts.ExecutorRegistry),
            new ModelRegistryService(l1.ReadOnly, l1.Contracts.ModelRegistry));
        var model = ChallengerNetwork.HonestModel;
        var enclave = ReceiptSigner.AddressOf(ChallengerNetwork.Key(0x11));

        Assert.True(await reader.IsRegisteredAsync(enclave, model.ModelId, Ct));
        Assert.False(await reader.IsRegisteredAsync(ReceiptSigner.AddressOf(ChallengerNetwork.Key(0x22)), model.ModelId, Ct));
        Assert.False(await reader.IsRegisteredAsync(enclave, Keccak.HashUtf8("other-model"), Ct));
        Assert.Equal(new RegisteredModel(model.ModelId, model.WeightsRoot), await reader.GetModelAsync(model.ModelId, Ct));
        Assert.Null(await reader.GetModelAsync(Keccak.HashUtf8("other-model"), Ct));
    }

    [Fact]
    public async Task BatchReader_AgainstAnvil_ChecksProofsAgainstPostedRoots()
    {
        var reader = new ChainBatchReader(new OtrRollupService(l1.ReadOnly, l1.Contracts.Rollup));
        var digests = Enumerable.Range(0, 5).Select(i => Keccak.Hash([(byte)i, 0x77])).ToList();
        var index = await l1.PostBatchAsync(digests);
        var proof = BatchBuilder.Prove(digests, 3);

        Assert.Equal(l1.Domain, await reader.GetDomainAsync(Ct));
        Assert.Equal(InclusionStatus.Included, await reader.CheckInclusionAsync(index, digests[3], 3, proof.Siblings, Ct));
        Assert.Equal(InclusionStatus.NotIncluded, await reader.CheckInclusionAsync(index, digests[2], 3, proof.Siblings, Ct));
        Assert.Equal(InclusionStatus.NotIncluded, await reader.CheckInclusionAsync(index, digests[3], 9, proof.Siblings, Ct));
        Assert.Equal(InclusionStatus.NotIncluded, await reader.CheckInclusionAsync(index, digests[3], 3, [], Ct));
        Assert.Equal(InclusionStatus.BatchNotPosted, await reader.CheckInclusionAsync(index + 100, digests[3], 3, proof.Siblings, Ct));
        Assert.True(await new OtrRollupService(l1.ReadOnly, l1.Contracts.Rollup).VerifyInclusionAsync(index, digests[3], 3, proof.Siblings));
    }

    [Fact]
    public async Task ChallengerApp_AgainstAnvil_JudgesHonestAndCheatingReceipts()
    {
        using var dir = new TempDirectory();
        var modelPath = dir.File("small.q8");
        ChallengerNetwork.HonestModel.Save(modelPath);
        await using var bus = new InProcessBus();
        var executor = new ReceiptMaker(l1.Domain, ChallengerNetwork.Key(0x11));
        var greedy = new DecodingParams(8, 0, 0);
        var honest = executor.Execute(new ReferenceInterpreter(ChallengerNetwork.HonestModel), "on chain", greedy);
        var cheat = executor.Execute(new ReferenceInterpreter(ChallengerNetwork.OtherModel), "on chain too", greedy, ChallengerNetwork.HonestModel.Name);
        var receipts = new[] { honest, cheat };
        var digests = receipts.Select(r => r.Signed.Digest).ToList();
        var index = await l1.PostBatchAsync(digests);
        await bus.PublishJsonAsync(Topics.Batches, "b", new BatchPosted(index, "0x", 2, "0x", [.. digests.Select(d => d.ToString())]), ct: Ct);
        for (var i = 0; i < receipts.Length; i++)
        {
            var r = receipts[i];
            await bus.PublishJsonAsync(
                Topics.Receipts,
                r.Signed.Digest.ToString(),
                new ReceiptPublished(ReceiptJson.Serialize(r.Signed), r.Signed.Digest.ToString(), "otr-demo-q8", r.Prompt, r.Params, r.Tokens, r.Text, index, (ulong)i),
                ct: Ct);
        }

        await using var app = ChallengerApp.Build(
            ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"],
            bus,
            o =>
            {
                o.ModelPath = modelPath;
                o.FindingsPath = dir.File("findings.jsonl");
                o.L1.RpcUrl = l1.Node.RpcUrl;
                o.L1.ModelRegistry = l1.Contracts.ModelRegistry;
                o.L1.ExecutorRegistry = l1.Contracts.ExecutorRegistry;
                o.L1.Rollup = l1.Contracts.Rollup;
            });
        await app.StartAsync(Ct);
        var store = (IFindingStore)app.Services.GetService(typeof(IFindingStore))!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (store.Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "receipts not judged in time");
            await Task.Delay(50, Ct);
        }

        await app.StopAsync(Ct);

        var clean = store.Find(honest.Signed.Digest)!;
        Assert.Empty(clean.Findings);
        Assert.Equal(InclusionStatus.Included, clean.Inclusion);
        var caught = store.Find(cheat.Signed.Digest)!;
        Assert.Contains(FindingKind.TraceMismatch, caught.Findings.Select(f => f.Kind));
        Assert.True(caught.Disputable);
    }
}
