namespace Otr.Inference;

/// <summary>
/// One engine's per-position computation, driven by <see cref="DecodeLoop"/>. After
/// <see cref="Step"/>, <see cref="Trace"/> holds the rows h0, h1, k1, v1, …, hL, kL, vL (D int8 each)
/// and, when logits were requested, <see cref="Logits"/> holds the V logits.
/// </summary>
internal interface IQ8Stepper : IDisposable
{
    ReadOnlySpan<sbyte> Trace { get; }

    ReadOnlySpan<int> Logits { get; }

    /// <summary>Processes <paramref name="token"/> at <paramref name="position"/>; returns the greedy token when <paramref name="needLogits"/>.</summary>
    int Step(int token, int position, bool needLogits);
}
