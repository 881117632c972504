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
