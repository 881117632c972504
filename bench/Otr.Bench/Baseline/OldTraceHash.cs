using Otr.Protocol;
using Otr.Protocol.Tests;

namespace Otr.Bench.Baseline;

/// <summary>
/// Trace hashing as Otr.Protocol did it before the SIMD and batching work (the "old" side of
/// <c>--keccak</c>): one scalar sponge per leaf and per node, and the root-only Merkle mountain range
/// accumulator merging peaks one leaf at a time, each node a fresh <see cref="Bytes32"/>. The sponge is the
/// test suite's reference copy of the old scalar sponge (linked from tests/Otr.Protocol.Tests).
/// </summary>
internal static class OldTraceHash
{
    public static Bytes32 Hash(ReadOnlySpan<byte> data)
    {
        var sponge = default(KeccakReference);
        sponge.Absorb(data);
        return new Bytes32(sponge.Finish());
    }

    public static Bytes32 Leaf(ReadOnlySpan<byte> payload)
    {
        var sponge = default(KeccakReference);
        sponge.Absorb(TreeHash.LeafTag);
        sponge.Absorb(payload);
        return new Bytes32(sponge.Finish());
    }

    public static Bytes32 Node(Bytes32 left, Bytes32 right)
    {
        var sponge = default(KeccakReference);
        sponge.Absorb(TreeHash.NodeTag);
        sponge.Absorb(left.Span);
        sponge.Absorb(right.Span);
        return new Bytes32(sponge.Finish());
    }

    /// <summary>The previous <c>TraceRootAccumulator</c>, verbatim but for the hash calls.</summary>
    public sealed class RootAccumulator
    {
        private readonly Bytes32[] _peaks = new Bytes32[64];
        private int _peakCount;

        public long Count { get; private set; }

        public void Append(Bytes32 leafHash)
        {
            var node = leafHash;
            var n = Count;
            while ((n & 1) == 1)
            {
                node = Node(_peaks[--_peakCount], node);
                n >>= 1;
            }

            _peaks[_peakCount++] = node;
            Count++;
        }

        public Bytes32 Root => TraceAccumulator.RootFromPeaks(Count, new ArraySegment<Bytes32>(_peaks, 0, _peakCount));
    }
}
