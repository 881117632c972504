using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public sealed class TraceRootAccumulatorTests
{
    [Fact]
    public void Root_AnyLeafCount_EqualsTraceAccumulatorAfterEveryAppend()
    {
        Gen.Int[0, 300].Sample(n =>
        {
            var lean = new TraceRootAccumulator();
            var full = new TraceAccumulator();
            Assert.Equal(full.Root, lean.Root);
            for (var i = 0; i < n; i++)
            {
                var leaf = TreeHash.Leaf(BitConverter.GetBytes(i * 7919));
                lean.Append(leaf);
                full.Append(leaf);
                Assert.Equal(full.Root, lean.Root);
                Assert.Equal(full.Count, lean.Count);
            }
        }, iter: 40);
    }

    [Fact]
    public void Root_Empty_IsPrefixRootOfZeroLeaves()
    {
        Assert.Equal(TraceAccumulator.PrefixRoot([], 0), new TraceRootAccumulator().Root);
    }

    [Fact]
    public void Root_AroundGroupAndPeakBoundaries_EqualsTraceAccumulator()
    {
        // Leaves are folded in groups of 64: check the counts just around group and larger peak boundaries.
        long[] checks = [1, 63, 64, 65, 127, 128, 129, 191, 192, 255, 256, 257, 1023, 1024, 1025, 4095, 4096, 4097, 4160, 5000];
        var lean = new TraceRootAccumulator();
        var full = new TraceAccumulator();
        for (var i = 0; i < checks[^1]; i++)
        {
            var leaf = TreeHash.Leaf(BitConverter.GetBytes(i));
            lean.Append(leaf);
            full.Append(leaf);
            if (checks.Contains(lean.Count))
            {
                Assert.Equal(full.Root, lean.Root);
                Assert.Equal(full.Count, lean.Count);
            }
        }
    }

    [Fact]
    public void Root_ReadBetweenAppends_DoesNotChangeLaterRoots() =>
        Gen.Int[0, 200].Array[1, 4].Sample(reads =>
        {
            var read = new TraceRootAccumulator();
            var unread = new TraceRootAccumulator();
            var total = reads.Sum();
            var marks = new HashSet<int>(reads.Select((_, i) => reads.Take(i + 1).Sum()));
            for (var i = 0; i < total; i++)
            {
                var leaf = TreeHash.Leaf(BitConverter.GetBytes(~i));
                read.Append(leaf);
                unread.Append(leaf);
                if (marks.Contains(i + 1))
                {
                    _ = read.Root;
                }
            }

            return read.Root == unread.Root && read.Root == TraceAccumulator.PrefixRoot(
                Enumerable.Range(0, total).Select(i => TreeHash.Leaf(BitConverter.GetBytes(~i))).ToArray(), total);
        }, iter: 30);
}
