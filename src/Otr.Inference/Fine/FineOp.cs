namespace Otr.Inference.Fine;

/// <summary>
/// The kinds of fine step (docs/dispute-ops.md). The numeric value is the <c>op</c> tag of a fine
/// leaf payload and of the Solidity verifier; it never changes.
/// </summary>
public enum FineOp
{
    /// <summary>Step 0, the only fine step of an embedding coarse step (its leaf is the coarse leaf).</summary>
    Embed = 1,

    /// <summary>Attention input norm <c>n = norm(h; g1)</c>.</summary>
    Norm1 = 2,

    /// <summary>Query rows block <c>q = rq(Wq·n)</c>.</summary>
    Query = 3,

    /// <summary>Key rows block <c>k = rq(Wk·n)</c>.</summary>
    Key = 4,

    /// <summary>Value rows block <c>v = rq(Wv·n)</c>.</summary>
    Value = 5,

    /// <summary>Scores of one head for one block of positions, with the running maximum.</summary>
    Score = 6,

    /// <summary>Running softmax denominator <c>Z</c> of one head over the position blocks.</summary>
    Sum = 7,

    /// <summary>Running mix <c>Σ p_j·v_j</c> of one head over the position blocks.</summary>
    Mix = 8,

    /// <summary>Head output <c>o = rq(mix; AttnMix)</c>, concatenated with the previous heads' outputs.</summary>
    Head = 9,

    /// <summary>Output projection rows block <c>a = rq(Wo·o)</c>.</summary>
    AttnOut = 10,

    /// <summary>Attention residual <c>h' = clamp8(h + a)</c>.</summary>
    Residual = 11,

    /// <summary>MLP input norm <c>n2 = norm(h'; g2)</c>.</summary>
    Norm2 = 12,

    /// <summary>MLP up rows block <c>u = rq(W1·n2)</c> and its activation <c>g = ACT[u + 128]</c>.</summary>
    Up = 13,

    /// <summary>MLP down rows block <c>d = rq(W2·g)</c>.</summary>
    Down = 14,

    /// <summary>The layer's coarse leaf <c>(h'' = clamp8(h' + d), k, v)</c>.</summary>
    LayerOut = 15,

    /// <summary>Final norm <c>norm(h_L; gf)</c>.</summary>
    FinalNorm = 16,

    /// <summary>Logits rows block <c>z = Wout·n + b</c>.</summary>
    Logits = 17,

    /// <summary>Running (maximum, lowest index of the maximum) over the logits blocks.</summary>
    ArgMax = 18,

    /// <summary>Running sampling weight total <c>W = Σ SEXP[d_v]</c> (sampled decoding only).</summary>
    SampleWeight = 19,

    /// <summary>Running cumulative weight and chosen token (sampled decoding only).</summary>
    Pick = 20,

    /// <summary>The emitted-token coarse leaf.</summary>
    Emit = 21,
}
