namespace Otr.Inference;

/// <summary>
/// The canonical tensor order of a q8-exact model (the model file's order and the weights root's
/// tensor indices). See docs/q8-exact.md, "Canonical tensor order".
/// </summary>
public static class Q8Layout
{
    /// <summary>Index of the <c>config</c> tensor.</summary>
    public const int ConfigIndex = 0;

    /// <summary>Index of the attention exp table.</summary>
    public const int ExpTableIndex = 1;

    /// <summary>Index of the activation table.</summary>
    public const int ActTableIndex = 2;

    /// <summary>Index of the sampling exp table.</summary>
    public const int SampleExpTableIndex = 3;

    /// <summary>Index of the token embedding.</summary>
    public const int TokenEmbeddingIndex = 4;

    /// <summary>Index of the position embedding.</summary>
    public const int PositionEmbeddingIndex = 5;

    /// <summary>Index of the first layer's first tensor.</summary>
    public const int FirstLayerIndex = 6;

    /// <summary>Tensors per layer, in order: attn_norm, wq, wk, wv, wo, mlp_norm, w1, w2.</summary>
    public const int TensorsPerLayer = 8;

    /// <summary>Names of a layer's tensors without the <c>layer{l}.</c> prefix, in order.</summary>
    public static IReadOnlyList<string> LayerTensorNames { get; } = ["attn_norm", "wq", "wk", "wv", "wo", "mlp_norm", "w1", "w2"];

    /// <summary>Index of tensor <paramref name="slot"/> (0..7) of layer <paramref name="layer"/> (1-based).</summary>
    public static int LayerTensorIndex(int layer, int slot) => FirstLayerIndex + ((layer - 1) * TensorsPerLayer) + slot;

    /// <summary>Index of <c>final_norm</c>; <c>w_out</c> and <c>head_bias</c> follow it.</summary>
    public static int FinalNormIndex(Q8ModelConfig config) => FirstLayerIndex + (config.Layers * TensorsPerLayer);

    /// <summary>The expected (name, element type, shape) of every tensor, in canonical order.</summary>
    public static IReadOnlyList<(string Name, Q8ElementType Type, int[] Shape)> Expected(Q8ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        int v = config.VocabSize, d = config.Dim, f = config.MlpDim;
        var list = new List<(string, Q8ElementType, int[])>
        {
            ("config", Q8ElementType.Int32, [Q8ModelConfig.VectorLength]),
            ("exp_table", Q8ElementType.Int32, [Q8Ops.TableSize]),
            ("act_table", Q8ElementType.Int8, [Q8Ops.TableSize]),
            ("sample_exp_table", Q8ElementType.Int32, [Q8Ops.TableSize]),
            ("tok_emb", Q8ElementType.Int8, [v, d]),
            ("pos_emb", Q8ElementType.Int8, [config.ContextLength, d]),
        };
        for (var l = 1; l <= config.Layers; l++)
        {
            var p = $"layer{l}.";
            list.Add((p + "attn_norm", Q8ElementType.Int8, [d]));
            list.Add((p + "wq", Q8ElementType.Int8, [d, d]));
            list.Add((p + "wk", Q8ElementType.Int8, [d, d]));
            list.Add((p + "wv", Q8ElementType.Int8, [d, d]));
            list.Add((p + "wo", Q8ElementType.Int8, [d, d]));
            list.Add((p + "mlp_norm", Q8ElementType.Int8, [d]));
            list.Add((p + "w1", Q8ElementType.Int8, [f, d]));
            list.Add((p + "w2", Q8ElementType.Int8, [d, f]));
        }

        list.Add(("final_norm", Q8ElementType.Int8, [d]));
        list.Add(("w_out", Q8ElementType.Int8, [v, d]));
        list.Add(("head_bias", Q8ElementType.Int32, [v]));
        return list;
    }
}
