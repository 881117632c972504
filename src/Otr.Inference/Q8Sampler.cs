using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// Token selection from int32 logits (docs/q8-exact.md, "Decoding"). Greedy: lowest id among the
/// maxima. Sampling: <c>d_i = min(255, ((zmax − z_i) · S) / temperatureMilli)</c>,
/// <c>w_i = SEXP[d_i]</c>, <c>r = SplitMix64.At(seed, t) mod Σw</c>, and the token is the smallest
/// <c>i</c> with <c>w_0 + … + w_i &gt; r</c>.
/// </summary>
public static class Q8Sampler
{
    /// <summary>Chooses the token emitted at position <paramref name="position"/>.</summary>
    public static int Select(Q8Model model, ReadOnlySpan<int> logits, DecodingParams parameters, int position)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.IsGreedy
            ? Q8Ops.ArgMax(logits)
            : Sample(logits, parameters.TemperatureMilli, parameters.Seed, position, model.Config.SampleScale, model.SampleExpTable);
    }

    /// <summary>Seeded sampling as specified (temperature in thousandths, must be positive).</summary>
    public static int Sample(ReadOnlySpan<int> logits, uint temperatureMilli, ulong seed, int position, int sampleScale, ReadOnlySpan<int> sampleExpTable)
    {
        ArgumentOutOfRangeException.ThrowIfZero(temperatureMilli);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (logits.IsEmpty)
        {
            throw new ArgumentException("no logits", nameof(logits));
        }

        long zmax = logits[Q8Ops.ArgMax(logits)];
        long total = 0;
        Span<long> weights = logits.Length <= 4096 ? stackalloc long[logits.Length] : new long[logits.Length];
        for (var i = 0; i < logits.Length; i++)
        {
            var d = Math.Min(Q8Ops.TableSize - 1, (zmax - logits[i]) * sampleScale / temperatureMilli);
            weights[i] = sampleExpTable[(int)d];
            total += weights[i];
        }

        var r = (long)(SplitMix64.At(seed, (ulong)position) % (ulong)total);
        long cumulative = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (cumulative > r)
            {
                return i;
            }
        }

        throw new InvalidOperationException("unreachable: r < total");
    }
}
