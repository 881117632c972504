using System.Buffers.Binary;
using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class TraceAccumulatorTests
{
    private static readonly Gen<(Bytes32[] Leaves, int Index, int N)> Openable =
        Gens.Leaves(1, 70).SelectMany(leaves =>
            Gen.Int[0, leaves.Length - 1].SelectMany(i => Gen.Int[i + 1, leaves.Length].Select(n => (leaves, i, n))));

    [Fact]
    public void Root_Empty_IsTaggedZeroCountAndZeroBag()
    {
        var expected = Keccak.Hash([0x02, .. new byte[8], .. new byte[32]]);
        Assert.Equal(expected, new TraceAccumulator().Root);
        Assert.Equal(expected, TraceAccumulator.PrefixRoot([], 0));
    }

    [Fact]
    public void Root_SevenLeaves_MatchesTheVectorPinnedInTheSolidityTraceMmrTests()
    {
        // contracts/test/TraceMmr.t.sol pins the same root: leaves keccak(uint256(i)), i = 0..6.
        var accumulator = new TraceAccumulator();
        for (var i = 0; i < 7; i++)
        {
            var word = new byte[32];
            word[31] = (byte)i;
            accumulator.Append(Keccak.Hash(word));
        }

        Assert.Equal(Bytes32.Parse("0x78be75bc1828059e50f1ab0b05dfdaf96ccffef58efb24285563d7c04b6cac55"), accumulator.Root);
    }

    [Fact]
    public void Root_ThreeLeaves_BagsTwoPeaksRightToLeft()
    {
        Bytes32[] l = [Keccak.HashUtf8("a"), Keccak.HashUtf8("b"), Keccak.HashUtf8("c")];
        var bag = TreeHash.Node(TreeHash.Node(l[0], l[1]), l[2]);
        var expected = Keccak.Hash([0x02, 0, 0, 0, 0, 0, 0, 0, 3, .. bag.ToArray()]);
        Assert.Equal(expected, Build(l).Root);
    }

    [Fact]
    public void Root_SevenLeaves_BagsThreePeaks()
    {
        var l = Enumerable.Range(0, 7).Select(i => Keccak.HashUtf8(i.ToString())).ToArray();
        var four = MerkleTree.Root(l[..4]);
        var two = TreeHash.Node(l[4], l[5]);
        var bag = TreeHash.Node(four, TreeHash.Node(two, l[6]));
        var expected = Keccak.Hash([0x02, 0, 0, 0, 0, 0, 0, 0, 7, .. bag.ToArray()]);
        var acc = Build(l);
        Assert.Equal(expected, acc.Root);
        Assert.Equal([four, two, l[6]], acc.Peaks);
    }

    [Fact]
    public void Root_AfterEachAppend_EqualsPrefixRootFromScratch() =>
        Gens.Leaves(0, 70).Sample(leaves =>
        {
            var acc = new TraceAccumulator();
            for (var n = 1; n <= leaves.Length; n++)
            {
                acc.Append(leaves[n - 1]);
                Assert.Equal(n, acc.Count);
                Assert.Equal(TraceAccumulator.PrefixRoot(leaves, n), acc.Root);
            }
        }, iter: 30);

    [Fact]
    public void RootAt_EveryEarlierPrefix_EqualsPrefixRootFromScratch() =>
        Gens.Leaves(0, 70).Sample(leaves =>
        {
            var acc = Build(leaves);
            for (var n = 0; n <= leaves.Length; n++)
            {
                Assert.Equal(TraceAccumulator.PrefixRoot(leaves, n), acc.RootAt(n));
            }
        }, iter: 30);

    [Fact]
    public void PeaksAt_AnyPrefix_HasOnePeakPerOneBitAndRebuildsTheRoot() =>
        Gens.Leaves(0, 70).Sample(leaves =>
        {
            var acc = Build(leaves);
            for (var n = 0; n <= leaves.Length; n++)
            {
                var peaks = acc.PeaksAt(n);
                Assert.Equal(System.Numerics.BitOperations.PopCount((uint)n), peaks.Count);
                Assert.Equal(acc.RootAt(n), TraceAccumulator.RootFromPeaks(n, peaks));
            }
        }, iter: 20);

    [Fact]
    public void VerifyOpening_EveryLeafAgainstEveryLongerPrefix_Succeeds() =>
        Gens.Leaves(1, 40).Sample(leaves =>
        {
            var acc = Build(leaves);
            for (var n = 1; n <= leaves.Length; n++)
            {
                var root = TraceAccumulator.PrefixRoot(leaves, n);
                for (var i = 0; i < n; i++)
                {
                    Assert.True(TraceAccumulator.VerifyOpening(root, n, i, leaves[i], acc.Open(i, n)), $"leaf {i} of {n}");
                }
            }
        }, iter: 10);

    [Fact]
    public void VerifyOpening_FlippedLeaf_Fails() =>
        Openable.Select(Gen.Int[0, 255]).Sample((x, bit) =>
        {
            var acc = Build(x.Leaves);
            return !TraceAccumulator.VerifyOpening(acc.RootAt(x.N), x.N, x.Index, MerkleTreeTests.Flip(x.Leaves[x.Index], bit), acc.Open(x.Index, x.N));
        });

    [Fact]
    public void VerifyOpening_FlippedSiblingOrPeak_Fails() =>
        Openable.Select(Gen.Int[0, 10_000]).Sample((x, pick) =>
        {
            var acc = Build(x.Leaves);
            var opening = acc.Open(x.Index, x.N);
            var siblings = opening.Siblings.ToArray();
            var peaks = opening.Peaks.ToArray();
            var slot = pick % (siblings.Length + peaks.Length);
            if (slot < siblings.Length)
            {
                siblings[slot] = MerkleTreeTests.Flip(siblings[slot], pick / 7);
            }
            else
            {
                peaks[slot - siblings.Length] = MerkleTreeTests.Flip(peaks[slot - siblings.Length], pick / 7);
            }

            return !TraceAccumulator.VerifyOpening(acc.RootAt(x.N), x.N, x.Index, x.Leaves[x.Index], new TraceOpening(siblings, peaks));
        });

    [Fact]
    public void VerifyOpening_OtherIndex_Fails() =>
        Openable.Where(x => x.N > 1).Select(Gen.Int[1, 1000]).Sample((x, d) =>
        {
            var acc = Build(x.Leaves);
            var other = (x.Index + (d % (x.N - 1)) + 1) % x.N;
            return !TraceAccumulator.VerifyOpening(acc.RootAt(x.N), x.N, other, x.Leaves[x.Index], acc.Open(x.Index, x.N));
        });

    [Fact]
    public void VerifyOpening_OtherPrefixLength_Fails() =>
        Openable.Where(x => x.N < x.Leaves.Length).Sample(x =>
        {
            var acc = Build(x.Leaves);
            var opening = acc.Open(x.Index, x.N);
            return !TraceAccumulator.VerifyOpening(acc.RootAt(x.N), x.N + 1, x.Index, x.Leaves[x.Index], opening)
                && !TraceAccumulator.VerifyOpening(acc.RootAt(x.N + 1), x.N + 1, x.Index, x.Leaves[x.Index], opening);
        });

    [Fact]
    public void VerifyOpening_DroppedOrExtraSibling_Fails()
    {
        var leaves = Enumerable.Range(0, 8).Select(i => Keccak.HashUtf8(i.ToString())).ToArray();
        var acc = Build(leaves);
        var opening = acc.Open(3, 8);
        var root = acc.RootAt(8);
        Assert.False(TraceAccumulator.VerifyOpening(root, 8, 3, leaves[3], opening with { Siblings = opening.Siblings.Take(2).ToArray() }));
        Assert.False(TraceAccumulator.VerifyOpening(root, 8, 3, leaves[3], opening with { Siblings = [.. opening.Siblings, Bytes32.Zero] }));
        Assert.False(TraceAccumulator.VerifyOpening(root, 8, 3, leaves[3], opening with { Peaks = [.. opening.Peaks, Bytes32.Zero] }));
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(3, 3)]
    [InlineData(0, 0)]
    public void VerifyOpening_IndexOutsidePrefix_IsFalse(long index, long n)
    {
        var leaves = Enumerable.Range(0, 4).Select(i => Keccak.HashUtf8(i.ToString())).ToArray();
        var opening = Build(leaves).Open(0, 3);
        Assert.False(TraceAccumulator.VerifyOpening(Build(leaves).RootAt(3), n, index, leaves[0], opening));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    [InlineData(0, 5)]
    [InlineData(-1, 2)]
    public void Open_IndexOrPrefixOutOfRange_Throws(long index, long n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Build([Bytes32.Zero, Bytes32.Zero, Bytes32.Zero, Bytes32.Zero]).Open(index, n));

    [Fact]
    public void RootFromPeaks_WrongPeakCount_Throws() =>
        Assert.Throws<ArgumentException>(() => TraceAccumulator.RootFromPeaks(3, [Bytes32.Zero]));

    [Fact]
    public void Leaves_AfterAppends_AreTheAppendedHashesInOrder()
    {
        Bytes32[] l = [Keccak.HashUtf8("x"), Keccak.HashUtf8("y")];
        Assert.Equal(l, Build(l).Leaves);
    }

    [Fact]
    public void Root_ManyLeaves_StaysCheap()
    {
        // 8 leaves per token × 4096 tokens: the hot-path shape.
        var leaf = Keccak.HashUtf8("leaf");
        var acc = new TraceAccumulator();
        for (var i = 0; i < 32_768; i++)
        {
            acc.Append(leaf);
        }

        Span<byte> n = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(n, 32_768);
        var peak = leaf;
        for (var h = 0; h < 15; h++)
        {
            peak = TreeHash.Node(peak, peak);
        }

        Assert.Equal(Keccak.Hash([0x02, .. n.ToArray(), .. peak.ToArray()]), acc.Root);
    }

    private static TraceAccumulator Build(IEnumerable<Bytes32> leaves)
    {
        var acc = new TraceAccumulator();
        foreach (var leaf in leaves)
        {
            acc.Append(leaf);
        }

        return acc;
    }
}
