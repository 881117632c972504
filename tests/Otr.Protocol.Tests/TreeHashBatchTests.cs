using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class TreeHashBatchTests
{
    public static TheoryData<string> Kernels =>
        [.. Enum.GetValues<KeccakKernel>().Where(KeccakLanes.IsSupported).Select(k => k.ToString())];

    [Fact]
    public void Leaves_AnyPayloads_EqualLeafOfEach() =>
        Gen.Byte.Array[0, 450].Array[0, 45].Sample(p =>
        {
            var ranges = new Range[p.Length];
            for (int i = 0, at = 0; i < p.Length; at += p[i].Length, i++)
            {
                ranges[i] = new Range(at, at + p[i].Length);
            }

            var hashes = new Bytes32[p.Length];
            TreeHash.Leaves(p.SelectMany(x => x).ToArray(), ranges, hashes);
            return hashes.Select((h, i) => h == TreeHash.Leaf(p[i]) && h.Span.SequenceEqual(KeccakReference.Hash([0x00], p[i]))).All(x => x);
        });

    [Fact]
    public void Leaves_FewerHashesThanRanges_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => TreeHash.Leaves(new byte[4], [1..2, 2..4], new Bytes32[1]));
        Assert.Equal("hashes", e.ParamName);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void NodeLevel_InPlace_EqualsNodeOfEachPair(string kernel) =>
        Gen.Int[1, 40].SelectMany(nodes => Gens.Bytes32.Array[2 * nodes]).Sample(children =>
        {
            var nodes = children.Length / 2;
            var level = children.SelectMany(c => c.ToArray()).ToArray();
            TreeHash.NodeLevel(level, nodes, Enum.Parse<KeccakKernel>(kernel));
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
            TreeHash.PerfectRootInPlace(buffer, height, Enum.Parse<KeccakKernel>(kernel));
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
