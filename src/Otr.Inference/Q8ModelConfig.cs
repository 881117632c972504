namespace Otr.Inference;

/// <summary>
/// Hyper-parameters and requantisation constants of a q8-exact model. All of it is stored as the
/// model file's first tensor (<c>config</c>, int32) and therefore bound by the weights root; the
/// element order is <see cref="ToVector"/> (documented in docs/q8-exact.md). The defaults are the
/// demo model's values (<see cref="DemoModelFactory.DemoConfig"/>).
/// </summary>
public sealed record Q8ModelConfig
{
    /// <summary>Version of the config vector layout (element 0 of the <c>config</c> tensor).</summary>
    public const int LayoutVersion = 1;

    /// <summary>Number of int32 elements of the config vector.</summary>
    public const int VectorLength = 26;

    /// <summary>Vocabulary size V (token ids 0..V-1).</summary>
    public int VocabSize { get; init; } = ByteTokenizer.VocabSize;

    /// <summary>Model width D.</summary>
    public int Dim { get; init; } = 64;

    /// <summary>Number of attention heads H (D must be a multiple of H).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Number of transformer layers L.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>MLP width F.</summary>
    public int MlpDim { get; init; } = 256;

    /// <summary>Context length C: positions 0..C-1.</summary>
    public int ContextLength { get; init; } = 256;

    /// <summary>Token id that ends generation.</summary>
    public int EosToken { get; init; } = ByteTokenizer.Eos;

    /// <summary>Query projection requantisation.</summary>
    public Q8Requant Query { get; init; } = new(1, 7);

    /// <summary>Key projection requantisation.</summary>
    public Q8Requant Key { get; init; } = new(1, 7);

    /// <summary>Value projection requantisation.</summary>
    public Q8Requant Value { get; init; } = new(1, 7);

    /// <summary>Attention score scaling <c>s = (q·k · m) / 2^s</c> (not clamped).</summary>
    public Q8Requant Score { get; init; } = new(1, 8);

    /// <summary>Probability precision P: softmax weights sum to about 2^P (0 ≤ P ≤ 16).</summary>
    public int ProbShift { get; init; } = 15;

    /// <summary>Requantisation of the attention mix <c>Σ p_j·v_j</c>.</summary>
    public Q8Requant AttnMix { get; init; } = new(3, 16);

    /// <summary>Output projection requantisation.</summary>
    public Q8Requant AttnOut { get; init; } = new(3, 9);

    /// <summary>MLP up projection requantisation.</summary>
    public Q8Requant MlpUp { get; init; } = new(1, 7);

    /// <summary>MLP down projection requantisation.</summary>
    public Q8Requant MlpDown { get; init; } = new(3, 10);

    /// <summary>Sampling scale S: distance <c>d = min(255, (zmax − z)·S / temperatureMilli)</c>, 1 ≤ S ≤ 2^24.</summary>
    public int SampleScale { get; init; } = 8;

    /// <summary>Head width D/H.</summary>
    public int HeadDim => Dim / Heads;

    /// <summary>Trace steps per position that carry hidden state: the embedding plus one per layer.</summary>
    public int EmitStep => Layers + 1;

    /// <summary>The config vector stored as the <c>config</c> tensor, in its fixed order.</summary>
    public int[] ToVector() =>
    [
        LayoutVersion, VocabSize, Dim, Heads, Layers, MlpDim, ContextLength, EosToken,
        Query.Multiplier, Query.Shift, Key.Multiplier, Key.Shift, Value.Multiplier, Value.Shift,
        Score.Multiplier, Score.Shift, ProbShift, AttnMix.Multiplier, AttnMix.Shift,
        AttnOut.Multiplier, AttnOut.Shift, MlpUp.Multiplier, MlpUp.Shift, MlpDown.Multiplier, MlpDown.Shift,
        SampleScale,
    ];

    /// <summary>Parses and validates a config vector (see <see cref="ToVector"/>).</summary>
    public static Q8ModelConfig FromVector(ReadOnlySpan<int> v)
    {
        if (v.Length != VectorLength)
        {
            throw new ArgumentException($"config vector must have {VectorLength} elements, got {v.Length}");
        }

        if (v[0] != LayoutVersion)
        {
            throw new ArgumentException($"unsupported config layout version {v[0]} (this build reads {LayoutVersion})");
        }

        var config = new Q8ModelConfig
        {
            VocabSize = v[1],
            Dim = v[2],
            Heads = v[3],
            Layers = v[4],
            MlpDim = v[5],
            ContextLength = v[6],
            EosToken = v[7],
            Query = new(v[8], v[9]),
            Key = new(v[10], v[11]),
            Value = new(v[12], v[13]),
            Score = new(v[14], v[15]),
            ProbShift = v[16],
            AttnMix = new(v[17], v[18]),
            AttnOut = new(v[19], v[20]),
            MlpUp = new(v[21], v[22]),
            MlpDown = new(v[23], v[24]),
            SampleScale = v[25],
        };
        config.Validate();
        return config;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of the supported range.</summary>
    public void Validate()
    {
        Check(VocabSize is >= 2 and <= 1 << 20, "VocabSize must be in [2, 2^20]");
        Check(Dim is >= 1 and <= 4096, "Dim must be in [1, 4096]");
        Check(Heads >= 1 && Dim % Heads == 0, "Heads must divide Dim");
        Check(HeadDim <= 256, "Dim/Heads must be at most 256");
        Check(Layers is >= 1 and <= 256, "Layers must be in [1, 256]");
        Check(MlpDim is >= 1 and <= 16384, "MlpDim must be in [1, 16384]");
        Check(ContextLength is >= 1 and <= 65536, "ContextLength must be in [1, 65536]");
        Check(EosToken >= 0 && EosToken < VocabSize, "EosToken must be a token id");
        Check(ProbShift is >= 0 and <= 16, "ProbShift must be in [0, 16]");
        Check(SampleScale is >= 1 and <= 1 << 24, "SampleScale must be in [1, 2^24]");
        Query.Validate(nameof(Query));
        Key.Validate(nameof(Key));
        Value.Validate(nameof(Value));
        Score.Validate(nameof(Score));
        AttnMix.Validate(nameof(AttnMix));
        AttnOut.Validate(nameof(AttnOut));
        MlpUp.Validate(nameof(MlpUp));
        MlpDown.Validate(nameof(MlpDown));
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"invalid q8 model config: {message}");
        }
    }
}
