using System.Numerics;
using CsCheck;
using Otr.Inference;

namespace Otr.Inference.Tests;

public sealed class Q8OpsTests
{
    [Fact]
    public void Isqrt_AnyNonNegative_IsFloorSquareRoot()
    {
        Gen.Long[0, long.MaxValue].Sample(n =>
        {
            var r = Q8Ops.Isqrt(n);
            var lower = (BigInteger)r * r;
            var upper = (BigInteger)(r + 1) * (r + 1);
            Assert.True(lower <= n && n < upper, $"isqrt({n}) = {r}");
        }, iter: 20_000);
    }

    [Fact]
    public void Isqrt_BelowTwoToThe52_MatchesDoubleSqrtTruncation()
    {
        // the ONNX graph computes isqrt as Cast<int64>(Sqrt(Cast<double>(n)))
        Gen.Long[0, (1L << 52) - 1].Sample(n => Assert.Equal(Q8Ops.Isqrt(n), (long)Math.Sqrt(n)), iter: 20_000);
        for (long k = 1; k < 1 << 20; k += 997)
        {
            Assert.Equal(k - 1, (long)Math.Sqrt((k * k) - 1));
            Assert.Equal(k, (long)Math.Sqrt(k * k));
        }
    }

    [Fact]
    public void Isqrt_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Q8Ops.Isqrt(-1));
    }

    [Fact]
    public void Requant_AnyAccumulator_TruncatesTowardZeroThenClamps()
    {
        Gen.Select(Gen.Int[-(1 << 26), 1 << 26], Gen.Int[1, Q8Requant.MaxMultiplier], Gen.Int[0, Q8Requant.MaxShift]).Sample((acc, m, s) =>
        {
            var rq = new Q8Requant(m, s);
            var exact = BigInteger.Divide((BigInteger)acc * m, BigInteger.Pow(2, s)); // BigInteger division truncates toward zero
            Assert.Equal((long)exact, rq.Scale(acc));
            Assert.Equal((sbyte)BigInteger.Clamp(exact, -128, 127), rq.Apply(acc));
        }, iter: 20_000);
    }

    [Fact]
    public void Requant_NegativeHalf_RoundsTowardZero()
    {
        var rq = new Q8Requant(1, 1);
        Assert.Equal(-1, rq.Scale(-3));
        Assert.Equal(1, rq.Scale(3));
        Assert.Equal(0, rq.Scale(-1));
        Assert.Equal(-128, rq.Apply(-10_000));
        Assert.Equal(127, rq.Apply(10_000));
    }

    [Fact]
    public void Softmax_AnyScores_ProbabilitiesSumToAtMostTwoToTheP()
    {
        var model = DemoModelFactory.Create();
        var table = model.Tensor("exp_table").Int32;
        var exp = table.ToArray();
        Gen.Long[-(1L << 30), 1L << 30].Array[1, 300].Sample(scores =>
        {
            var p = new long[scores.Length];
            Q8Ops.Softmax(scores, exp, 15, p);
            var sum = p.Sum();
            Assert.All(p, v => Assert.InRange(v, 0, 1 << 15));
            Assert.InRange(sum, (1 << 15) - scores.Length, 1 << 15);
            var max = scores.Max();
            var best = Array.IndexOf(scores, max);
            Assert.Equal(p.Max(), p[best]);
        }, iter: 2_000);
    }

    [Fact]
    public void Softmax_EqualScores_SplitEvenly()
    {
        var exp = DemoModelFactory.Create().Tensor("exp_table").Int32.ToArray();
        var p = new long[4];
        Q8Ops.Softmax([5, 5, 5, 5], exp, 15, p);
        Assert.All(p, v => Assert.Equal(1 << 13, v));
    }

    [Fact]
    public void RmsNorm_ZeroInput_StaysZero()
    {
        var y = new sbyte[8];
        Q8Ops.RmsNorm(new sbyte[8], [32, 32, 32, 32, 32, 32, 32, 32], y);
        Assert.All(y, v => Assert.Equal(0, v));
    }

    [Fact]
    public void RmsNorm_KnownVector_MatchesHandComputation()
    {
        // x = [3, −4, 3, −4]: ss = 50, ss/4 = 12 (truncated), r = isqrt(12) = 3; y = (x·g)/r truncated toward zero
        var y = new sbyte[4];
        Q8Ops.RmsNorm([3, -4, 3, -4], [32, 32, 7, 7], y);
        Assert.Equal(new sbyte[] { 32, -42, 7, -9 }, y);
    }

    [Fact]
    public void ArgMax_Ties_ChooseLowestIndex()
    {
        Assert.Equal(1, Q8Ops.ArgMax([1, 9, 3, 9]));
        Assert.Equal(0, Q8Ops.ArgMax([int.MinValue, int.MinValue]));
    }

    [Fact]
    public void Clamp8_Extremes_Saturate()
    {
        Assert.Equal(127, Q8Ops.Clamp8(long.MaxValue));
        Assert.Equal(-128, Q8Ops.Clamp8(long.MinValue));
        Assert.Equal(-5, Q8Ops.Clamp8(-5));
    }
}
