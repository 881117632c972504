namespace Otr.Inference;

/// <summary>Typed view of one layer's tensors (row-major <c>[out, in]</c> matrices).</summary>
internal sealed record Q8LayerWeights(
    sbyte[] AttnNorm,
    sbyte[] Wq,
    sbyte[] Wk,
    sbyte[] Wv,
    sbyte[] Wo,
    sbyte[] MlpNorm,
    sbyte[] W1,
    sbyte[] W2);
