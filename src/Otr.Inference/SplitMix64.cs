namespace Otr.Inference;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014), used counter-style: output <c>i</c> of the generator
/// seeded with <c>s</c> is <c>Mix(s + (i + 1) · γ)</c> (mod 2^64). The sampler draws
/// <c>At(seed, t)</c>; the demo model factory draws its weights from it.
/// </summary>
public static class SplitMix64
{
    /// <summary>The golden-ratio increment γ = 0x9E3779B97F4A7C15.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The finaliser: <c>z ^= z≫30; z *= 0xBF58476D1CE4E5B9; z ^= z≫27; z *= 0x94D049BB133111EB; z ^= z≫31</c>.</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Output number <paramref name="index"/> (0-based) of the generator seeded with <paramref name="seed"/>.</summary>
    public static ulong At(ulong seed, ulong index) => Mix(unchecked(seed + ((index + 1) * Gamma)));
}
