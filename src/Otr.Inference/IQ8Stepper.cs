namespace Otr.Inference;

/// <summary>
/// One engine's computation over consecutive positions, driven by <see cref="DecodeLoop"/>.
/// After <see cref="Step"/> over N positions, <see cref="Row"/> gives, for each of them, the trace
/// rows (part 0 = h0, then h_l, k_l, v_l for l = 1..L; D int8 each), and, when logits were
/// requested, <see cref="Logits"/> holds the last position's V logits.
/// </summary>
internal interface IQ8Stepper : IDisposable
{
    ReadOnlySpan<int> Logits { get; }

    /// <summary>
    /// Processes <paramref name="tokens"/> at positions <paramref name="start"/>.. (the cache holds
    /// positions 0..start−1); returns the last position's greedy token when <paramref name="needLogits"/>.
    /// </summary>
    int Step(ReadOnlySpan<int> tokens, int start, bool needLogits);

    /// <summary>Trace row <paramref name="part"/> (0..3L) of the <paramref name="index"/>-th position of the last step.</summary>
    ReadOnlySpan<sbyte> Row(int index, int part);
}
