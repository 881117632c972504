using Otr.Inference;
using Otr.Protocol;

namespace Otr.Inference.Tests;

public sealed class SamplerTests
{
    private static readonly Q8Model Model = DemoModelFactory.Create();

    [Fact]
    public void SplitMix64_SeedZero_MatchesReferenceSequence()
    {
        // the published SplitMix64 outputs for seed 0
        Assert.Equal(0xE220A8397B1DCDAFUL, SplitMix64.At(0, 0));
        Assert.Equal(0x6E789E6AA1B965F4UL, SplitMix64.At(0, 1));
        Assert.Equal(0x06C45D188009454FUL, SplitMix64.At(0, 2));
    }

    [Fact]
    public void Select_Greedy_TakesLowestIdAmongMaxima()
    {
        Assert.Equal(2, Q8Sampler.Select(Model, [0, 5, 7, 7, 1], new DecodingParams(1, 0, 99), 0));
    }

    [Fact]
    public void Sample_SameInputs_SameToken()
    {
        var logits = Enumerable.Range(0, 50).Select(i => (i * 7919) % 1000).ToArray();
        var a = Q8Sampler.Select(Model, logits, new DecodingParams(1, 800, 42), 17);
        var b = Q8Sampler.Select(Model, logits, new DecodingParams(1, 800, 42), 17);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Sample_ManySeeds_FollowsTheWeights()
    {
        // logits [0, −Δ, −2Δ] with d = Δ·S/T table steps: weights SEXP[0], SEXP[d], SEXP[2d]
        var table = Model.Tensor("sample_exp_table").Int32.ToArray();
        var counts = new int[3];
        for (ulong seed = 0; seed < 4000; seed++)
        {
            counts[Q8Sampler.Sample([0, -2000, -4000], 1000, seed, 3, 8, table)]++;
        }

        double w0 = table[0], w1 = table[16], w2 = table[32];
        var total = w0 + w1 + w2;
        Assert.InRange(counts[0] / 4000.0, (w0 / total) - 0.03, (w0 / total) + 0.03);
        Assert.InRange(counts[1] / 4000.0, (w1 / total) - 0.03, (w1 / total) + 0.03);
        Assert.InRange(counts[2] / 4000.0, (w2 / total) - 0.03, (w2 / total) + 0.03);
    }

    [Fact]
    public void Sample_KnownDraw_PicksFirstTokenWhoseCumulativeWeightExceedsR()
    {
        var table = Model.Tensor("sample_exp_table").Int32.ToArray();
        var total = (ulong)(table[0] + table[0]);
        var r = SplitMix64.At(7, 5) % total;
        var expected = r < (ulong)table[0] ? 0 : 1;
        Assert.Equal(expected, Q8Sampler.Sample([10, 10], 500, 7, 5, 8, table));
    }

    [Fact]
    public void Sample_TinyTemperature_BehavesGreedy()
    {
        var table = Model.Tensor("sample_exp_table").Int32.ToArray();
        for (ulong seed = 0; seed < 200; seed++)
        {
            Assert.Equal(1, Q8Sampler.Sample([0, 1000, 900, -5], 1, seed, 0, 8, table));
        }
    }
}
