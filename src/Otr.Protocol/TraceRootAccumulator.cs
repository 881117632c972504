namespace Otr.Protocol;

/// <summary>
/// A root-only trace accumulator for the request path: the same Merkle mountain range root as
/// <see cref="TraceAccumulator"/>, but keeping only the current peaks (at most 64 hashes) instead of
/// every leaf and node, since a receipt needs only the root and the length. A defender that must
/// open leaves later re-executes (the trace is a pure function of the request).
/// </summary>
public sealed class TraceRootAccumulator
{
    // _peaks[0.._peakCount) are the peaks, largest (oldest) first; their heights are the set bits of _count.
    private readonly Bytes32[] _peaks = new Bytes32[64];
    private int _peakCount;

    /// <summary>Number of leaves appended.</summary>
    public long Count { get; private set; }

    /// <summary>Appends a leaf hash: merges equal-height peaks like a binary counter carries.</summary>
    public void Append(Bytes32 leafHash)
    {
        var node = leafHash;
        var n = Count;
        while ((n & 1) == 1)
        {
            node = TreeHash.Node(_peaks[--_peakCount], node);
            n >>= 1;
        }

        _peaks[_peakCount++] = node;
        Count++;
    }

    /// <summary>The prefix root after all leaves so far.</summary>
    public Bytes32 Root => TraceAccumulator.RootFromPeaks(Count, new ArraySegment<Bytes32>(_peaks, 0, _peakCount));
}
