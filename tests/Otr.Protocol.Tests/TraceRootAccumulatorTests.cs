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
}
