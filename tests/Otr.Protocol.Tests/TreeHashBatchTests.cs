using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class TreeHashBatchTests
{
    public static TheoryData<string> Kernels =>
        [.. Enum.GetValues<KeccakX4Kernel>().Where(KeccakX4.IsSupported).Select(k => k.ToString())];

    [Fact]
    public void Leaves_AnyPayloadsAndCount_EqualLeafOfEach() =>
        Gen.Select(Gen.Byte.Array[0, 450].Array[4], Gen.Int[1, 4]).Sample((p, count) =>
        {
            var hashes = new Bytes32[count];
            TreeHash.Leaves(p[0], p[1], p[2], p[3], hashes);
            return hashes.Select((h, i) => h == TreeHash.Leaf(p[i]) && h.Span.SequenceEqual(KeccakReference.Hash([0x00], p[i]))).All(x => x);
        });

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Leaves_HashCountOutsideOneToFour_Throws(int count)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TreeHash.Leaves([], [], [], [], new Bytes32[count]));
        Assert.Equal("hashes", e.ParamName);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void NodeLevel_InPlace_EqualsNodeOfEachPair(string kernel) =>
        Gen.Int[1, 19].SelectMany(nodes => Gens.Bytes32.Array[2 * nodes]).Sample(children =>
        {
            var nodes = children.Length / 2;
            var level = children.SelectMany(c => c.ToArray()).ToArray();
            TreeHash.NodeLevel(level, nodes, Enum.Parse<KeccakX4Kernel>(kernel));
            for (var j = 0; j < nodes; j++)
            {
                if (!level.AsSpan(32 * j, 32).SequenceEqual(TreeHash.Node(children[2 * j], children[(2 * j) + 1]).Span))
                {
                    return false;
                }
            }

            // The hashes after the parents are left as they were (children not yet overwritten).
            return level.AsSpan((64 * nodes) - 32).SequenceEqual(children[^1].Span);
        });

    [Theory]
    [MemberData(nameof(Kernels))]
    public void PerfectRootInPlace_PowerOfTwoLeaves_EqualsMerkleTreeRoot(string kernel)
    {
        foreach (var height in new[] { 0, 1, 2, 3, 6, 8 })
        {
            var leaves = Enumerable.Range(0, 1 << height).Select(i => TreeHash.Leaf(BitConverter.GetBytes(i))).ToArray();
            var buffer = leaves.SelectMany(l => l.ToArray()).ToArray();
            TreeHash.PerfectRootInPlace(buffer, height, Enum.Parse<KeccakX4Kernel>(kernel));
            Assert.Equal(MerkleTree.Root(leaves), new Bytes32(buffer.AsSpan(0, 32)));
        }
    }

    [Fact]
    public void NodeInto_AliasedDestination_EqualsNode() =>
        Gen.Select(Gens.Bytes32, Gens.Bytes32).Sample((l, r) =>
        {
            var buffer = l.ToArray().Concat(r.ToArray()).ToArray();
            TreeHash.NodeInto(buffer.AsSpan(0, 32), buffer.AsSpan(32, 32), buffer.AsSpan(32, 32));
            return buffer.AsSpan(32).SequenceEqual(TreeHash.Node(l, r).Span);
        });
}
