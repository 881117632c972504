using CsCheck;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.OneStep.Tests.Support;

/// <summary>CsCheck generators: small random q8 models (any head/block alignment), prompts and decoding parameters.</summary>
internal static class RandomModels
{
    /// <summary>Configs with 1–4 heads of width 4–24 (so heads straddle 16-row blocks), 1–2 layers, F, V and C not multiples of 16.</summary>
    public static readonly Gen<Q8ModelConfig> Configs =
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 6], Gen.Int[1, 2], Gen.Int[8, 70], Gen.Int[20, 300], Gen.Int[4, 40], Gen.Int[0, 1 << 20])
            .Select((heads, dh4, layers, mlp, vocab, context, knobs) => new Q8ModelConfig
            {
                Heads = heads,
                Dim = heads * dh4 * 4,
                Layers = layers,
                MlpDim = mlp,
                VocabSize = vocab,
                ContextLength = context,
                EosToken = knobs % vocab,
                Query = new(1 + (knobs % 3), 6 + (knobs % 3)),
                Key = new(1 + ((knobs >> 2) % 3), 6 + ((knobs >> 3) % 3)),
                Score = new(1 + ((knobs >> 4) % 5), 4 + ((knobs >> 5) % 6)),
                ProbShift = 8 + ((knobs >> 6) % 9),
                AttnMix = new(1 + ((knobs >> 7) % 5), 10 + ((knobs >> 8) % 8)),
                SampleScale = 1 + ((knobs >> 9) % 32),
            });

    /// <summary>A model (random weights for the config), its prompt tokens and decoding parameters (greedy or sampled).</summary>
    public static readonly Gen<(Q8Model Model, int[] Prompt, DecodingParams Parameters)> Requests =
        Configs.SelectMany(c => Gen.Select(
            Gen.Int[1, 1000],
            Gen.Int[0, c.VocabSize - 1].Array[1, c.ContextLength],
            Gen.UInt[1, 4],
            Gen.Bool,
            Gen.UInt[1, 3000],
            Gen.ULong)
            .Select((seed, prompt, max, greedy, temperature, s) =>
                (DemoModelFactory.Create(seed, c, "otr-random-q8"), prompt, new DecodingParams(max, greedy ? 0 : temperature, s))));
}
