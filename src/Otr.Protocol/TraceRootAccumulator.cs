namespace Otr.Protocol;

/// <summary>
/// A root-only trace accumulator for the request path: the same Merkle mountain range root as
/// <see cref="TraceAccumulator"/>, but keeping only the current peaks (at most 64 hashes) instead of
/// every leaf and node, since a receipt needs only the root and the length. A defender that must
/// open leaves later re-executes (the trace is a pure function of the request).
/// </summary>
/// <remarks>
/// Leaves are hashed into the range 64 at a time: the 63 inner nodes of each aligned group of 64
/// leaves are computed level by level, four or eight node hashes per vector permutation
/// (<see cref="KeccakBatch"/>), in a reused buffer without allocating. <see cref="Root"/> folds in the
/// leaves of an unfinished group; the result is the same as appending one leaf at a time.
/// </remarks>
public sealed class TraceRootAccumulator
{
    private const int GroupHeight = 6;
    private const int GroupSize = 1 << GroupHeight;
    private const int HashLength = 32;

    // Peaks of height ≥ GroupHeight (whole groups), largest (oldest) first, 32 bytes each; their
    // heights are the set bits of Count above the group bits.
    private readonly byte[] _peaks = new byte[64 * HashLength];

    // The leaf hashes of the group being filled: Count mod GroupSize of them.
    private readonly byte[] _group = new byte[GroupSize * HashLength];
    private int _peakCount;

    /// <summary>Number of leaves appended.</summary>
    public long Count { get; private set; }

    /// <summary>Appends a leaf hash; every 64th append hashes the group's 63 inner nodes and merges its root into the peaks.</summary>
    public void Append(Bytes32 leafHash) => Append(leafHash.Span);

    /// <summary>Appends a 32-byte leaf hash given as a span (no allocation).</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != HashLength)
        {
            throw new ArgumentException($"a leaf hash is {HashLength} bytes, got {leafHash.Length}", nameof(leafHash));
        }

        var slot = (int)(Count & (GroupSize - 1));
        leafHash.CopyTo(_group.AsSpan(slot * HashLength, HashLength));
        Count++;
        if (slot == GroupSize - 1)
        {
            CloseGroup();
        }
    }

    /// <summary>The prefix root after all leaves so far.</summary>
    public Bytes32 Root
    {
        get
        {
            var peaks = new List<Bytes32>(_peakCount + GroupHeight);
            for (var i = 0; i < _peakCount; i++)
            {
                peaks.Add(new Bytes32(_peaks.AsSpan(i * HashLength, HashLength)));
            }

            // The open group's leaves form the smaller peaks: perfect subtrees by the bits of their count.
            var open = (int)(Count & (GroupSize - 1));
            Span<byte> scratch = stackalloc byte[GroupSize * HashLength];
            var start = 0;
            for (var height = GroupHeight - 1; height >= 0; height--)
            {
                var size = 1 << height;
                if ((open & size) != 0)
                {
                    var subtree = scratch[..(size * HashLength)];
                    _group.AsSpan(start * HashLength, size * HashLength).CopyTo(subtree);
                    TreeHash.PerfectRootInPlace(subtree, height, KeccakBatch.Wide);
                    peaks.Add(new Bytes32(subtree[..HashLength]));
                    start += size;
                }
            }

            return TraceAccumulator.RootFromPeaks(Count, peaks);
        }
    }

    /// <summary>The group is full: its root becomes a peak of height 6, carried into the larger peaks like a binary counter.</summary>
    private void CloseGroup()
    {
        Span<byte> group = _group;
        TreeHash.PerfectRootInPlace(group, GroupHeight, KeccakBatch.Wide);
        var node = group[..HashLength];
        for (var groups = (Count >> GroupHeight) - 1; (groups & 1) == 1; groups >>= 1)
        {
            _peakCount--;
            TreeHash.NodeInto(_peaks.AsSpan(_peakCount * HashLength, HashLength), node, node);
        }

        node.CopyTo(_peaks.AsSpan(_peakCount * HashLength, HashLength));
        _peakCount++;
    }
}
