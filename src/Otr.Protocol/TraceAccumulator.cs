using System.Numerics;

namespace Otr.Protocol;

/// <summary>
/// The coarse-trace accumulator: a Merkle mountain range over leaf hashes, exactly as
/// docs/encodings.md defines it. After <c>n</c> leaves the peaks are the roots of the perfect
/// subtrees given by the binary decomposition of <c>n</c> (largest first), and the prefix root is
/// <c>keccak(0x02 ‖ uint64(n) ‖ bag)</c> with the peaks bagged right to left by
/// <see cref="TreeHash.Node"/> (<c>bag = 0</c> when <c>n = 0</c>).
/// </summary>
/// <remarks>
/// The accumulator keeps every leaf and every complete subtree root (about 2n hashes), so
/// <see cref="Append"/> costs amortised one node hash, and the prefix root of any earlier
/// <c>n</c> (<see cref="RootAt"/>) or an opening (<see cref="Open"/>) costs O(log n) — what a
/// defender answering bisection queries needs. Not thread-safe.
/// </remarks>
public sealed class TraceAccumulator
{
    /// <summary>Tag byte of a prefix-root preimage (leaves use 0x00, nodes 0x01).</summary>
    public const byte PrefixTag = 0x02;

    // _levels[h][j] is the root of the perfect subtree of height h over leaves [j·2^h, (j+1)·2^h).
    private readonly List<List<Bytes32>> _levels;
    private readonly IReadOnlyList<Bytes32> _leaves;
    private Bytes32? _root;

    /// <summary>An empty accumulator (its root is the prefix root of zero leaves).</summary>
    public TraceAccumulator()
    {
        var leaves = new List<Bytes32>();
        _levels = [leaves];
        _leaves = leaves.AsReadOnly();
    }

    /// <summary>Number of leaves appended.</summary>
    public long Count => _levels[0].Count;

    /// <summary>The leaf hashes appended so far, in order.</summary>
    public IReadOnlyList<Bytes32> Leaves => _leaves;

    /// <summary>Prefix root of all leaves so far (cached until the next append).</summary>
    public Bytes32 Root => _root ??= RootFromPeaks(Count, PeaksAt(Count));

    /// <summary>Peaks of all leaves so far, largest first.</summary>
    public IReadOnlyList<Bytes32> Peaks => PeaksAt(Count);

    /// <summary>Appends a leaf hash (built with <see cref="TraceLeaf"/>). Amortised one node hash.</summary>
    public void Append(Bytes32 leafHash)
    {
        var level = _levels[0];
        level.Add(leafHash);
        var height = 0;
        while ((level.Count & 1) == 0)
        {
            var node = TreeHash.Node(level[^2], level[^1]);
            height++;
            if (height == _levels.Count)
            {
                _levels.Add([]);
            }

            level = _levels[height];
            level.Add(node);
        }

        _root = null;
    }

    /// <summary>Prefix root of the first <paramref name="n"/> leaves, 0 ≤ n ≤ <see cref="Count"/>. O(log n).</summary>
    public Bytes32 RootAt(long n) => RootFromPeaks(n, PeaksAt(n));

    /// <summary>Peaks of the first <paramref name="n"/> leaves, 0 ≤ n ≤ <see cref="Count"/>, largest first. O(log n).</summary>
    public IReadOnlyList<Bytes32> PeaksAt(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, Count);
        var peaks = new Bytes32[BitOperations.PopCount((ulong)n)];
        var k = 0;
        long start = 0;
        for (var height = 62; height >= 0; height--)
        {
            var size = 1L << height;
            if ((n & size) != 0)
            {
                peaks[k++] = _levels[height][(int)(start >> height)];
                start += size;
            }
        }

        return peaks;
    }

    /// <summary>Opens leaf <paramref name="index"/> against the prefix root of the first <paramref name="n"/> leaves (index &lt; n ≤ Count). O(log n).</summary>
    public TraceOpening Open(long index, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, Count);
        var (_, height) = LocatePeak(n, index);
        var siblings = new Bytes32[height];
        for (var level = 0; level < height; level++)
        {
            // Peaks are aligned perfect subtrees, so the global position's sibling lies inside the same peak.
            siblings[level] = _levels[level][(int)((index >> level) ^ 1)];
        }

        return new TraceOpening(siblings, PeaksAt(n));
    }

    /// <summary>Prefix root of the first <paramref name="n"/> leaves computed from scratch (O(n) hashes; for checks and tests).</summary>
    public static Bytes32 PrefixRoot(IReadOnlyList<Bytes32> leaves, long n)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, leaves.Count);
        var peaks = new List<Bytes32>();
        var start = 0;
        for (var height = 30; height >= 0; height--)
        {
            var size = 1 << height;
            if ((n & size) != 0)
            {
                var slice = new Bytes32[size];
                for (var i = 0; i < size; i++)
                {
                    slice[i] = leaves[start + i];
                }

                peaks.Add(MerkleTree.Root(slice));
                start += size;
            }
        }

        return RootFromPeaks(n, peaks);
    }

    /// <summary><c>keccak(0x02 ‖ uint64(n) ‖ bag(peaks))</c>.</summary>
    /// <exception cref="ArgumentException">The number of peaks is not the number of one bits of <paramref name="n"/>.</exception>
    public static Bytes32 RootFromPeaks(long n, IReadOnlyList<Bytes32> peaks)
    {
        ArgumentNullException.ThrowIfNull(peaks);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (peaks.Count != BitOperations.PopCount((ulong)n))
        {
            throw new ArgumentException($"{n} leaves have {BitOperations.PopCount((ulong)n)} peaks, got {peaks.Count}", nameof(peaks));
        }

        var bag = Bytes32.Zero;
        if (peaks.Count > 0)
        {
            bag = peaks[^1];
            for (var i = peaks.Count - 2; i >= 0; i--)
            {
                bag = TreeHash.Node(peaks[i], bag);
            }
        }

        var sponge = default(KeccakSponge);
        sponge.Absorb(PrefixTag);
        sponge.AbsorbUInt64BigEndian((ulong)n);
        sponge.Absorb(bag.Span);
        return sponge.Finish();
    }

    /// <summary>True when the opening proves that leaf <paramref name="index"/> of the <paramref name="n"/>-leaf prefix with root <paramref name="prefixRoot"/> is <paramref name="leaf"/>.</summary>
    public static bool VerifyOpening(Bytes32 prefixRoot, long n, long index, Bytes32 leaf, TraceOpening opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        if (index < 0 || index >= n || opening.Peaks.Count != BitOperations.PopCount((ulong)n))
        {
            return false;
        }

        var (peak, height) = LocatePeak(n, index);
        if (opening.Siblings.Count != height)
        {
            return false;
        }

        var localIndex = index & ((1L << height) - 1);
        return MerkleTree.RootFromProof(leaf, localIndex, opening.Siblings) == opening.Peaks[peak]
            && RootFromPeaks(n, opening.Peaks) == prefixRoot;
    }

    /// <summary>Which peak (0 = largest) of an n-leaf prefix holds leaf <paramref name="index"/>, and its height.</summary>
    private static (int Peak, int Height) LocatePeak(long n, long index)
    {
        var peak = 0;
        long start = 0;
        for (var height = 62; height >= 0; height--)
        {
            var size = 1L << height;
            if ((n & size) == 0)
            {
                continue;
            }

            if (index < start + size)
            {
                return (peak, height);
            }

            start += size;
            peak++;
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, $"leaf {index} is outside a {n}-leaf prefix");
    }
}
