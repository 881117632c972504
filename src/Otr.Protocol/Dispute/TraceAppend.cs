using System.Numerics;

namespace Otr.Protocol.Dispute;

/// <summary>
/// The append check the game binds revealed leaves with (Solidity <c>TraceMmr.verifyAppend</c>): the peaks
/// of an <c>n</c>-leaf prefix, the leaf appended to them, and the prefix root of <c>n + 1</c> leaves.
/// </summary>
public static class TraceAppend
{
    /// <summary>Prefix root of the empty trace, <c>keccak(0x02 ‖ uint64(0) ‖ bytes32(0))</c>.</summary>
    public static Bytes32 EmptyRoot { get; } = TraceAccumulator.RootFromPeaks(0, []);

    /// <summary>Peaks after appending <paramref name="leaf"/> to an <paramref name="n"/>-leaf prefix with <paramref name="peaks"/>.</summary>
    /// <exception cref="ArgumentException">The peak count does not match <paramref name="n"/>.</exception>
    public static IReadOnlyList<Bytes32> AppendLeaf(ulong n, IReadOnlyList<Bytes32> peaks, Bytes32 leaf)
    {
        ArgumentNullException.ThrowIfNull(peaks);
        if (peaks.Count != BitOperations.PopCount(n))
        {
            throw new ArgumentException($"{n} leaves have {BitOperations.PopCount(n)} peaks, got {peaks.Count}", nameof(peaks));
        }

        var merges = BitOperations.TrailingZeroCount(~n);
        var keep = peaks.Count - merges;
        var result = new Bytes32[keep + 1];
        for (var i = 0; i < keep; i++)
        {
            result[i] = peaks[i];
        }

        var h = leaf;
        for (var i = 0; i < merges; i++)
        {
            h = TreeHash.Node(peaks[peaks.Count - 1 - i], h);
        }

        result[keep] = h;
        return result;
    }

    /// <summary>True when <paramref name="peaks"/> are those of the <paramref name="n"/>-leaf prefix <paramref name="root"/> and appending <paramref name="leaf"/> gives <paramref name="next"/>.</summary>
    public static bool Verify(Bytes32 root, ulong n, IReadOnlyList<Bytes32> peaks, Bytes32 leaf, Bytes32 next)
    {
        ArgumentNullException.ThrowIfNull(peaks);
        if (n >= long.MaxValue || peaks.Count != BitOperations.PopCount(n) || TraceAccumulator.RootFromPeaks((long)n, peaks) != root)
        {
            return false;
        }

        return TraceAccumulator.RootFromPeaks((long)n + 1, AppendLeaf(n, peaks, leaf)) == next;
    }
}
