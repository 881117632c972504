namespace Otr.Inference;

/// <summary>
/// Builds the lookup tables of the demo model with integer arithmetic only, so every machine
/// builds the same bytes (the tables are model data; the file, not this code, is authoritative).
/// </summary>
internal static class Q8Tables
{
    /// <summary>round(2^32 · exp(−1/8)).</summary>
    public const long ExpStep8 = 3790295335L;

    /// <summary>round(2^32 · exp(−1/16)).</summary>
    public const long ExpStep16 = 4034748382L;

    /// <summary>round(32 · gelu((i − 128) / 32)) for i = 0..255 (gelu with the exact erf).</summary>
    private static readonly sbyte[] Gelu32 =
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -2, -2, -2, -2, -2, -2, -2, -2, -2, -2, -3, -3, -3, -3, -3, -3, -3, -3, -4, -4, -4, -4, -4, -4, -4, -4, -5, -5, -5, -5, -5,
        -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -4, -4, -4, -4, -4, -3, -3, -3, -2, -2, -1, -1, 0,
        0, 1, 1, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
        27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 50, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61,
        63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
        96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
    ];

    /// <summary>
    /// A decaying exponential <c>T[d] ≈ 2^15 · step^d / 2^(32d)</c>: <c>x_0 = 2^31</c>,
    /// <c>x_d = (x_{d−1} · step) / 2^32</c>, <c>T[d] = x_d / 2^16</c>.
    /// </summary>
    public static int[] Exp(long step)
    {
        var table = new int[Q8Ops.TableSize];
        var x = 1L << 31;
        for (var d = 0; d < table.Length; d++)
        {
            table[d] = (int)(x >> 16);
            x = (long)(((ulong)x * (ulong)step) >> 32);
        }

        return table;
    }

    /// <summary>The GELU activation table at scale 32 (index <c>u + 128</c>).</summary>
    public static sbyte[] Gelu() => (sbyte[])Gelu32.Clone();
}
