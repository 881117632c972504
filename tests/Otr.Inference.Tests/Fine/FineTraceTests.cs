using CsCheck;
using Otr.Inference.Fine;
using Otr.Protocol;

namespace Otr.Inference.Tests.Fine;

public sealed class FineTraceTests
{
    private static readonly Q8Model Demo = DemoModelFactory.Create(1);

    [Fact]
    public void EveryCoarseStepOfADemoRequestEndsInItsCoarseLeaf()
    {
        foreach (var parameters in new[] { new DecodingParams(3, 0, 0), new DecodingParams(3, 900, 7) })
        {
            var run = FineRun.Generate(Demo, "Hi", parameters);
            var layout = new FineLayout(Demo.Config);
            Assert.Equal(FineLayout.ExpectedTraceLength(Demo.Config.Layers, run.PromptTokens, run.Output.Count), run.Payloads.Count);
            for (var k = 0; k < run.Payloads.Count; k++)
            {
                var fine = FineTrace.ForCoarseIndex(Demo, run.Payloads, run.Tokens, run.PromptTokens, parameters, k);
                var step = layout.Locate(run.PromptTokens, k);
                Assert.Equal(k, layout.CoarseIndex(run.PromptTokens, step.Position, step.Step));
                Assert.Equal(layout.FineLength(step, parameters.IsGreedy), fine.Length);
                Assert.Equal(run.Leaves[k], fine.CoarseLeaf);
                for (var i = 0; i < fine.Length; i++)
                {
                    var at = layout.At(step, parameters.IsGreedy, i);
                    if (at.Op != FineOp.Emit)
                    {
                        Assert.Equal(i, layout.IndexOf(step, at));
                    }
                }
            }
        }
    }
}

public sealed class FineTraceIntermediateTests
{
    [Fact]
    public void IntermediateValuesEqualTheReferenceInterpreters()
    {
        FineGen.Requests.Sample(
            request =>
            {
                var (model, prompt, parameters) = request;
                var c = model.Config;
                var sites = new Dictionary<string, List<sbyte[]>>(StringComparer.Ordinal);
                var reference = new ReferenceInterpreter(model)
                {
                    Probe = (site, values) =>
                    {
                        if (!sites.TryGetValue(site, out var list))
                        {
                            sites[site] = list = [];
                        }

                        list.Add(values.ToArray());
                    },
                };
                var run = FineRun.Generate(model, prompt, parameters);
                reference.Generate(prompt, parameters);
                var layout = new FineLayout(c);
                for (var k = 0; k < run.Payloads.Count; k++)
                {
                    var fine = FineTrace.ForCoarseIndex(model, run.Payloads, run.Tokens, run.PromptTokens, parameters, k);
                    Assert.Equal(run.Leaves[k], fine.CoarseLeaf);
                    var (t, l) = (fine.Step.Position, fine.Step.Step);
                    sbyte[] Single(FineOp op, int head = 0) => FineValues.Int8(fine.Payloads[layout.IndexOf(fine.Step, new FineStep(op, head, 0))]);
                    if (l >= 1 && l <= c.Layers)
                    {
                        sbyte[] Site(string name) => sites[$"{l}.{name}"][t];
                        Assert.Equal(Site("attn_norm"), Single(FineOp.Norm1));
                        Assert.Equal(Site("q"), FineValues.Concat(fine, layout, FineOp.Query, c.Dim));
                        Assert.Equal(Site("k"), FineValues.Concat(fine, layout, FineOp.Key, c.Dim));
                        Assert.Equal(Site("v"), FineValues.Concat(fine, layout, FineOp.Value, c.Dim));
                        Assert.Equal(Site("o"), Single(FineOp.Head, c.Heads - 1));
                        Assert.Equal(Site("a"), FineValues.Concat(fine, layout, FineOp.AttnOut, c.Dim));
                        Assert.Equal(Site("h_attn"), Single(FineOp.Residual));
                        Assert.Equal(Site("mlp_norm"), Single(FineOp.Norm2));
                        Assert.Equal(Site("u"), FineValues.Concat(fine, layout, FineOp.Up, c.MlpDim, 0, 2));
                        Assert.Equal(Site("g"), FineValues.Concat(fine, layout, FineOp.Up, c.MlpDim, 1, 2));
                        Assert.Equal(Site("d"), FineValues.Concat(fine, layout, FineOp.Down, c.Dim));
                        Assert.Equal(Site("h"), fine.Payloads[^1].AsSpan(8, c.Dim).ToArray().Select(b => (sbyte)b).ToArray());
                    }
                    else if (l == c.Layers + 1)
                    {
                        var hidden = run.Payloads[k - 1].AsSpan(8, c.Dim).ToArray().Select(b => (sbyte)b).ToArray();
                        var logits = reference.Logits(hidden);
                        var fromFine = new List<int>();
                        for (var b = 0; b < FineLayout.Blocks(c.VocabSize); b++)
                        {
                            var payload = fine.Payloads[layout.IndexOf(fine.Step, new FineStep(FineOp.Logits, 0, b))];
                            fromFine.AddRange(Enumerable.Range(0, (payload.Length - FineTrace.HeaderLength) / 4).Select(i => FineValues.Int32(payload, i)));
                        }

                        Assert.Equal(logits, fromFine);
                        var last = fine.Payloads[layout.IndexOf(fine.Step, new FineStep(FineOp.ArgMax, 0, FineLayout.Blocks(c.VocabSize) - 1))];
                        Assert.Equal(Q8Ops.ArgMax(logits), FineValues.Int32(last, 1));
                        Assert.Equal(logits.Max(), FineValues.Int32(last, 0));
                        Assert.Equal(Q8Sampler.Select(model, logits, parameters, t), run.Tokens[t + 1]);
                    }
                }
            },
            iter: 25,
            threads: 1);
    }
}
