namespace Otr.Inference;

/// <summary>What one coarse layer step (t, l) produces: the layer output and the key/value of position t.</summary>
/// <param name="Hidden">h_l for position t (D int8).</param>
/// <param name="Key">k_l for position t (D int8).</param>
/// <param name="Value">v_l for position t (D int8).</param>
public sealed record Q8LayerOutput(sbyte[] Hidden, sbyte[] Key, sbyte[] Value);
