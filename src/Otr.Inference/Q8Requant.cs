namespace Otr.Inference;

/// <summary>
/// A requantisation constant pair: <c>rq(acc) = clamp8((acc · Multiplier) / 2^Shift)</c>, the
/// product taken in int64 and the division truncating toward zero (see docs/q8-exact.md).
/// </summary>
/// <param name="Multiplier">Integer multiplier, 1 ≤ m ≤ 2^24.</param>
/// <param name="Shift">Power-of-two divisor exponent, 0 ≤ s ≤ 40.</param>
public readonly record struct Q8Requant(int Multiplier, int Shift)
{
    /// <summary>Largest allowed multiplier.</summary>
    public const int MaxMultiplier = 1 << 24;

    /// <summary>Largest allowed shift.</summary>
    public const int MaxShift = 40;

    /// <summary>The divisor 2^Shift.</summary>
    public long Divisor => 1L << Shift;

    /// <summary><c>(acc · Multiplier) / 2^Shift</c> without clamping (truncating toward zero).</summary>
    public long Scale(long acc) => acc * Multiplier / Divisor;

    /// <summary><c>clamp8((acc · Multiplier) / 2^Shift)</c>.</summary>
    public sbyte Apply(long acc) => Q8Ops.Clamp8(Scale(acc));

    /// <summary>Throws when the pair is outside the allowed ranges.</summary>
    public void Validate(string what)
    {
        if (Multiplier is < 1 or > MaxMultiplier)
        {
            throw new ArgumentOutOfRangeException(what, Multiplier, $"{what}: multiplier must be in [1, 2^24]");
        }

        if (Shift is < 0 or > MaxShift)
        {
            throw new ArgumentOutOfRangeException(what, Shift, $"{what}: shift must be in [0, 40]");
        }
    }
}
