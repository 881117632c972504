using Otr.Inference;
using Otr.Protocol;

namespace Otr.Inference.Tests;

/// <summary>Collects per-site statistics of int8 activations through the reference interpreter's probe.</summary>
internal sealed class ActivationStats
{
    private readonly Dictionary<string, Site> _sites = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Site> Sites => _sites;

    public static ActivationStats Collect(Q8Model model, IEnumerable<string> prompts, DecodingParams parameters)
    {
        var stats = new ActivationStats();
        var interpreter = new ReferenceInterpreter(model) { Probe = stats.Observe };
        foreach (var prompt in prompts)
        {
            interpreter.Generate(ByteTokenizer.EncodePrompt(prompt), parameters);
        }

        return stats;
    }

    private void Observe(string site, ReadOnlySpan<sbyte> values)
    {
        if (!_sites.TryGetValue(site, out var s))
        {
            s = new Site();
            _sites[site] = s;
        }

        foreach (var v in values)
        {
            s.Add(v);
        }
    }

    internal sealed class Site
    {
        public long Count { get; private set; }

        public long Saturated { get; private set; }

        public long Zero { get; private set; }

        public double SumSquares { get; private set; }

        public double Sum { get; private set; }

        public double SaturatedFraction => (double)Saturated / Count;

        public double ZeroFraction => (double)Zero / Count;

        public double Rms => Math.Sqrt(SumSquares / Count);

        public double Mean => Sum / Count;

        public void Add(sbyte v)
        {
            Count++;
            Sum += v;
            SumSquares += v * v;
            if (v is 127 or -128)
            {
                Saturated++;
            }

            if (v == 0)
            {
                Zero++;
            }
        }

        public override string ToString() =>
            $"rms {Rms,6:F1} mean {Mean,6:F1} sat {SaturatedFraction,6:P1} zero {ZeroFraction,6:P1}";
    }
}
