namespace Otr.Inference;

/// <summary>
/// The q8-exact integer operations, written as plainly as possible: this class and
/// <see cref="ReferenceInterpreter"/> are the specification in code (docs/q8-exact.md). Every
/// division truncates toward zero (C# <c>/</c> on integers); products are taken in int64.
/// </summary>
public static class Q8Ops
{
    /// <summary>Side of the exp and activation lookup tables.</summary>
    public const int TableSize = 256;

    /// <summary><c>min(127, max(-128, x))</c>.</summary>
    public static sbyte Clamp8(long x) => (sbyte)Math.Clamp(x, sbyte.MinValue, sbyte.MaxValue);

    /// <summary>Floor square root of <paramref name="n"/> ≥ 0, integers only (bit-by-bit method).</summary>
    public static long Isqrt(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        long result = 0;
        long bit = 1L << 62;
        while (bit > n)
        {
            bit >>= 2;
        }

        while (bit != 0)
        {
            if (n >= result + bit)
            {
                n -= result + bit;
                result = (result >> 1) + bit;
            }
            else
            {
                result >>= 1;
            }

            bit >>= 2;
        }

        return result;
    }

    /// <summary>
    /// Integer RMSNorm: <c>ss = Σ x_i²</c>, <c>r = max(1, isqrt(ss / D))</c>,
    /// <c>y_i = clamp8((x_i · g_i) / r)</c>.
    /// </summary>
    public static void RmsNorm(ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> gain, Span<sbyte> y)
    {
        CheckSameLength(x.Length, gain.Length, y.Length);
        long ss = 0;
        foreach (var v in x)
        {
            ss += (long)v * v;
        }

        var r = Math.Max(1, Isqrt(ss / x.Length));
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = Clamp8((long)x[i] * gain[i] / r);
        }
    }

    /// <summary>
    /// Int32 accumulation of a row-major weight matrix <c>W[rows, cols]</c> times <paramref name="x"/>:
    /// <c>acc_o = Σ_i W[o, i] · x_i</c>.
    /// </summary>
    public static void MatVec(ReadOnlySpan<sbyte> w, ReadOnlySpan<sbyte> x, Span<int> acc)
    {
        var cols = x.Length;
        if (w.Length != acc.Length * cols)
        {
            throw new ArgumentException($"weight matrix of {w.Length} elements does not match {acc.Length}×{cols}");
        }

        for (var o = 0; o < acc.Length; o++)
        {
            var row = w.Slice(o * cols, cols);
            var sum = 0;
            for (var i = 0; i < cols; i++)
            {
                sum += row[i] * x[i];
            }

            acc[o] = sum;
        }
    }

    /// <summary>A projection: <c>y = rq(W·x)</c>.</summary>
    public static void Project(ReadOnlySpan<sbyte> w, ReadOnlySpan<sbyte> x, Q8Requant rq, Span<sbyte> y)
    {
        Span<int> acc = y.Length <= 1024 ? stackalloc int[y.Length] : new int[y.Length];
        MatVec(w, x, acc);
        for (var o = 0; o < y.Length; o++)
        {
            y[o] = rq.Apply(acc[o]);
        }
    }

    /// <summary>
    /// Integer softmax of one head: <c>m = max s</c>, <c>e_j = EXP[min(255, m − s_j)]</c>,
    /// <c>Z = Σ e_j</c>, <c>p_j = (e_j · 2^P) / Z</c>.
    /// </summary>
    public static void Softmax(ReadOnlySpan<long> scores, ReadOnlySpan<int> expTable, int probShift, Span<long> p)
    {
        CheckSameLength(scores.Length, p.Length, p.Length);
        if (scores.IsEmpty)
        {
            return;
        }

        var m = long.MinValue;
        foreach (var s in scores)
        {
            m = Math.Max(m, s);
        }

        long z = 0;
        for (var j = 0; j < scores.Length; j++)
        {
            p[j] = expTable[(int)Math.Min(TableSize - 1, m - scores[j])];
            z += p[j];
        }

        for (var j = 0; j < scores.Length; j++)
        {
            p[j] = (p[j] << probShift) / z;
        }
    }

    /// <summary>The activation: <c>g_i = ACT[u_i + 128]</c>.</summary>
    public static void Activate(ReadOnlySpan<sbyte> u, ReadOnlySpan<sbyte> actTable, Span<sbyte> g)
    {
        CheckSameLength(u.Length, g.Length, g.Length);
        for (var i = 0; i < u.Length; i++)
        {
            g[i] = actTable[u[i] + 128];
        }
    }

    /// <summary>Residual: <c>h_i = clamp8(h_i + d_i)</c> in place.</summary>
    public static void AddResidual(Span<sbyte> h, ReadOnlySpan<sbyte> d)
    {
        CheckSameLength(h.Length, d.Length, d.Length);
        for (var i = 0; i < h.Length; i++)
        {
            h[i] = Clamp8(h[i] + d[i]);
        }
    }

    /// <summary>Greedy choice: the lowest index among the maxima.</summary>
    public static int ArgMax(ReadOnlySpan<int> logits)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("no logits", nameof(logits));
        }

        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static void CheckSameLength(int a, int b, int c)
    {
        if (a != b || a != c)
        {
            throw new ArgumentException($"length mismatch ({a}, {b}, {c})");
        }
    }
}
