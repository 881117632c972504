namespace Otr.Inference;

/// <summary>
/// Builds the deterministic demo model <c>otr-demo-q8</c>: random int8 weights drawn from
/// <see cref="SplitMix64"/> keyed by (seed, tensor index, element index), integer-built lookup
/// tables, and a head bias that favours English-looking bytes. Integer arithmetic only, so every
/// machine builds the same bytes; a different seed gives a different model and weights root.
/// </summary>
public static class DemoModelFactory
{
    /// <summary>The seed of the registered demo model.</summary>
    public const int DefaultSeed = 1;

    /// <summary>The demo model's name (its modelId is <c>keccak("otr-demo-q8")</c>).</summary>
    public const string DefaultName = "otr-demo-q8";

    /// <summary>Letters by English frequency; the head bias decreases along this string.</summary>
    private const string Frequent = "etaoin shrdlucmwfgypbvk.,jxqz";

    /// <summary>Std-dev of a uniform-sum draw before scaling (65536 / √3).</summary>
    private const long DrawStd = 37837;

    /// <summary>The demo configuration (D = 64, H = 4, L = 4, F = 256, C = 256, V = 261).</summary>
    public static Q8ModelConfig DemoConfig { get; } = new();

    /// <summary>Builds the demo model for <paramref name="seed"/> with <see cref="DemoConfig"/>.</summary>
    public static Q8Model Create(int seed = DefaultSeed, string name = DefaultName) => Create(seed, DemoConfig, name);

    /// <summary>Builds a demo-style random model for any config (e.g. smaller ones for tests).</summary>
    public static Q8Model Create(int seed, Q8ModelConfig config, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var key = SplitMix64.At(0x6F74722D71380000UL, unchecked((ulong)seed));
        var expected = Q8Layout.Expected(config);
        var tensors = new List<Q8Tensor>(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (tensorName, _, shape) = expected[i];
            var stream = SplitMix64.At(key, (ulong)i);
            tensors.Add(Build(tensorName, shape, stream, config));
        }

        return Q8Model.FromTensors(name, tensors);
    }

    private static Q8Tensor Build(string name, int[] shape, ulong stream, Q8ModelConfig config)
    {
        var baseName = name.Contains('.', StringComparison.Ordinal) ? name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..] : name;
        return baseName switch
        {
            "config" => Q8Tensor.FromInt32(name, shape, config.ToVector()),
            "exp_table" => Q8Tensor.FromInt32(name, shape, Q8Tables.Exp(Q8Tables.ExpStep8)),
            "sample_exp_table" => Q8Tensor.FromInt32(name, shape, Q8Tables.Exp(Q8Tables.ExpStep16)),
            "act_table" => Q8Tensor.FromInt8(name, shape, Q8Tables.Gelu()),
            "tok_emb" => Random(name, shape, stream, 24, 0),
            "pos_emb" => Random(name, shape, stream, 8, 0),
            "attn_norm" or "mlp_norm" or "final_norm" => Random(name, shape, stream, 4, 32),
            "wq" or "wk" or "wv" or "wo" or "w1" or "w2" => Random(name, shape, stream, 16, 0),
            "w_out" => Random(name, shape, stream, 16, 0),
            "head_bias" => Q8Tensor.FromInt32(name, shape, HeadBias(config)),
            _ => throw new InvalidOperationException($"no demo recipe for tensor '{name}'"),
        };
    }

    private static Q8Tensor Random(string name, int[] shape, ulong stream, int std, int mean)
    {
        var count = 1;
        foreach (var d in shape)
        {
            count *= d;
        }

        var data = new sbyte[count];
        for (var i = 0; i < count; i++)
        {
            var u = SplitMix64.At(stream, (ulong)i);
            long sum = (long)(u & 0xFFFF) + (long)((u >> 16) & 0xFFFF) + (long)((u >> 32) & 0xFFFF) + (long)(u >> 48) - (2 * 0xFFFF);
            data[i] = Q8Ops.Clamp8(mean + (sum * std / DrawStd));
        }

        return Q8Tensor.FromInt8(name, shape, data);
    }

    private static int[] HeadBias(Q8ModelConfig config)
    {
        const int Nat = 2048;
        var bias = new int[config.VocabSize];
        for (var t = 0; t < bias.Length; t++)
        {
            int b;
            if (t is >= 'A' and <= 'Z')
            {
                b = -2 * Nat;
            }
            else if (t is >= '0' and <= '9' || t is >= 33 and < 127)
            {
                b = -4 * Nat;
            }
            else if (t == '\n')
            {
                b = -Nat;
            }
            else
            {
                b = -24 * Nat;
            }

            var rank = Frequent.IndexOf((char)t, StringComparison.Ordinal);
            if (t < 128 && rank >= 0)
            {
                b = (3 * Nat) - (rank * Nat / 6);
            }

            bias[t] = b;
        }

        if (config.EosToken < bias.Length)
        {
            bias[config.EosToken] = Nat;
        }

        return bias;
    }
}
