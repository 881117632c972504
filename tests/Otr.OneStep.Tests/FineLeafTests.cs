using CsCheck;
using Otr.Inference;
using Otr.Inference.Fine;
using Otr.Inference.Tests.Fine;
using Otr.OneStep.Tests.Support;
using Otr.Protocol;

namespace Otr.OneStep.Tests;

/// <summary>Solidity <c>fineLeaf</c> == C# fine leaf, for every op kind, on the demo model and on random models.</summary>
public sealed class FineLeafTests(VerifierChain chain) : IClassFixture<VerifierChain>
{
    private static readonly Q8Model Demo = DemoModelFactory.Create(1);

    /// <summary>20 prompt tokens: the first generated position, 20, has two attention position blocks (0..15, 16..20).</summary>
    private static readonly int[] DemoPrompt = ByteTokenizer.EncodePrompt("<|user|>Hello, q8 world!<|eos|><|assistant|>");

    [Fact]
    public async Task EveryFineStepOfDemoCoarseStepsMatches()
    {
        var greedy = Walk.Run(Demo, DemoPrompt, new DecodingParams(2, 0, 0));
        var sampled = Walk.Run(Demo, DemoPrompt, new DecodingParams(2, 800, 42));
        var last = DemoPrompt.Length - 1;
        var steps = new (Walk Walk, long K)[]
        {
            (greedy, greedy.IndexOf(0, 0)),                                  // embed
            (greedy, greedy.IndexOf(last + 1, Demo.Config.Layers)),          // last layer at a generated position, two blocks
            (greedy, greedy.IndexOf(last, Demo.Config.Layers + 1)),          // greedy emit
            (sampled, sampled.IndexOf(last, Demo.Config.Layers + 1)),        // sampled emit
        };
        Assert.Equal(20, DemoPrompt.Length);
        Assert.Equal(2, FineLayout.Blocks(last + 2));
        var seen = new HashSet<FineOp>();
        foreach (var (walk, k) in steps)
        {
            var fine = walk.Fine(k);
            Assert.Equal(walk.Accumulator.Leaves[(int)k], fine.CoarseLeaf);
            for (var i = 0; i < fine.Length; i++)
            {
                // Gas is measured (eth_estimateGas, slow) at the first and last block of each op: the extremes of its cost.
                var op = walk.OpAt(k, i);
                var measure = i == 0 || i == fine.Length - 1 || walk.OpAt(k, i - 1) != op || walk.OpAt(k, i + 1) != op;
                var (ctx, witness) = walk.Witness(fine, k, i);
                var result = await chain.FineLeafAsync(ctx, witness, measure);
                Assert.True(result.Error is null, $"k = {k}, i = {i} ({walk.OpAt(k, i)}): {result.Error} {result.RawError}");
                Assert.Equal(fine.Leaves[i], result.Leaf);
                if (measure)
                {
                    GasTable.Record(op, result.Gas);
                }

                seen.Add(op);
            }
        }

        Assert.Equal(Enum.GetValues<FineOp>().ToHashSet(), seen);
        TestContext.Current.TestOutputHelper?.WriteLine(GasTable.Render("Gas per fine op, demo model (worst seen):"));
        Assert.All(GasTable.Snapshot().Values, gas => Assert.True(gas < 30_000_000 / 4, $"{gas} gas is over a quarter block"));
    }

    [Fact]
    public async Task RandomModelsAndStepsMatch()
    {
        await FineGen.Requests.SampleAsync(
            async request =>
            {
                var (model, prompt, parameters) = request;
                var walk = Walk.Run(model, prompt, parameters);
                var rng = new Random(prompt.Length + (int)parameters.TemperatureMilli);
                var kinds = Enumerable.Range(0, walk.Payloads.Count).GroupBy(k => walk.Layout.Kind(walk.Layout.Locate(walk.PromptTokens, k)));

                // one random coarse step of each kind (embed, layer, emit); in each, the first and last block of
                // every op and a random third of the rest
                foreach (var k in kinds.Select(g => g.ElementAt(rng.Next(g.Count()))))
                {
                    var fine = walk.Fine(k);
                    Assert.Equal(walk.Accumulator.Leaves[k], fine.CoarseLeaf);
                    bool Edge(int i) => i == 0 || i == fine.Length - 1 || walk.OpAt(k, i - 1) != walk.OpAt(k, i) || walk.OpAt(k, i + 1) != walk.OpAt(k, i);
                    foreach (var i in Enumerable.Range(0, fine.Length).Where(i => Edge(i) || rng.Next(3) == 0))
                    {
                        var (ctx, witness) = walk.Witness(fine, k, i);
                        var result = await chain.FineLeafAsync(ctx, witness);
                        Assert.True(result.Error is null, $"{model.Config} k = {k}, i = {i} ({walk.OpAt(k, i)}): {result.Error} {result.RawError}");
                        Assert.Equal(fine.Leaves[i], result.Leaf);
                    }
                }
            },
            iter: 6,
            threads: 1);
    }

    [Fact]
    public async Task FineAndTraceLengthsMatch()
    {
        var walk = Walk.Run(Demo, DemoPrompt, new DecodingParams(3, 500, 9));
        var lengthWitness = FineWitness.ForFineLength(Demo, walk.Parameters);
        foreach (var k in new long[] { 0, 5, walk.Payloads.Count - 2, walk.Payloads.Count - 1 })
        {
            var fine = walk.Fine(k);
            var (ctx, _) = walk.Witness(fine, k, 0);
            var result = await chain.FineLengthAsync(ctx, lengthWitness);
            Assert.Equal((ulong)fine.Length, result.AsUInt());
        }

        var traceWitness = FineWitness.ForTraceLength(Demo);
        var expected = await chain.ExpectedTraceLengthAsync(Demo.WeightsRoot, (uint)walk.PromptTokens, (uint)walk.OutputTokens, traceWitness);
        Assert.Equal((ulong)walk.Payloads.Count, expected.AsUInt());
        Assert.Equal(walk.Payloads.Count, FineLayout.ExpectedTraceLength(Demo.Config.Layers, walk.PromptTokens, walk.OutputTokens));
        var layout = new FineLayout(Demo.Config);
        foreach (var (n, g) in new[] { (0u, 1u), (1u, 0u), (1u, 256u), (1u, 257u), (200u, 57u), (200u, 58u), (5u, 3u) })
        {
            var onChain = await chain.ExpectedTraceLengthAsync(Demo.WeightsRoot, n, g, traceWitness);
            Assert.Equal((ulong)layout.ExpectedTraceLengthOrZero(n, g), onChain.AsUInt());
        }

        Assert.Equal(0, layout.ExpectedTraceLengthOrZero(1, 257));
        Assert.Equal(0, layout.ExpectedTraceLengthOrZero(200, 58));
        var wrongRoot = await chain.ExpectedTraceLengthAsync(DemoModelFactory.Create(2).WeightsRoot, 3, 2, traceWitness);
        Assert.Equal("ConfigOpeningInvalid", wrongRoot.Error);

        // eosToken reads the same config opening (the output-after-EOS proof).
        Assert.Equal((ulong)Demo.Config.EosToken, (await chain.EosTokenAsync(Demo.WeightsRoot, traceWitness)).AsUInt());
        Assert.Equal("ConfigOpeningInvalid", (await chain.EosTokenAsync(DemoModelFactory.Create(2).WeightsRoot, traceWitness)).Error);
    }
}
