using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class MerkleTreeTests
{
    private static readonly Gen<(Bytes32[] Leaves, int Index)> LeavesAndIndex =
        Gens.Leaves(1, 40).SelectMany(leaves => Gen.Int[0, leaves.Length - 1].Select(i => (leaves, i)));

    [Fact]
    public void Root_NoLeaves_IsZero() => Assert.Equal(Bytes32.Zero, MerkleTree.Root([]));

    [Fact]
    public void Root_OneLeaf_IsThatLeaf() => Gens.Bytes32.Sample(leaf => MerkleTree.Root([leaf]) == leaf);

    [Fact]
    public void Root_ThreeLeaves_PadsWithZeroToFour()
    {
        Bytes32[] l = [Keccak.HashUtf8("a"), Keccak.HashUtf8("b"), Keccak.HashUtf8("c")];
        var expected = TreeHash.Node(TreeHash.Node(l[0], l[1]), TreeHash.Node(l[2], Bytes32.Zero));
        Assert.Equal(expected, MerkleTree.Root(l));
    }

    [Fact]
    public void Verify_EveryIndexWithItsProof_Succeeds() =>
        Gens.Leaves(1, 40).Sample(leaves =>
        {
            var root = MerkleTree.Root(leaves);
            for (var i = 0; i < leaves.Length; i++)
            {
                Assert.True(MerkleTree.Verify(root, leaves[i], i, MerkleTree.Proof(leaves, i)));
            }
        }, iter: 50);

    [Fact]
    public void Verify_FlippedSiblingBit_Fails() =>
        LeavesAndIndex.Where(x => x.Leaves.Length > 1)
            .SelectMany(x => Gen.Int[0, 10_000].Select(bit => (x.Leaves, x.Index, bit)))
            .Sample(x =>
            {
                var proof = MerkleTree.Proof(x.Leaves, x.Index).ToArray();
                var s = x.bit % proof.Length;
                proof[s] = Flip(proof[s], x.bit / proof.Length);
                return !MerkleTree.Verify(MerkleTree.Root(x.Leaves), x.Leaves[x.Index], x.Index, proof);
            });

    [Fact]
    public void Verify_FlippedLeafBit_Fails() =>
        LeavesAndIndex.SelectMany(x => Gen.Int[0, 255].Select(bit => (x.Leaves, x.Index, bit)))
            .Sample(x => !MerkleTree.Verify(
                MerkleTree.Root(x.Leaves), Flip(x.Leaves[x.Index], x.bit), x.Index, MerkleTree.Proof(x.Leaves, x.Index)));

    [Fact]
    public void Verify_OtherIndex_Fails() =>
        LeavesAndIndex.Where(x => x.Leaves.Length > 1)
            .SelectMany(x => Gen.Int[1, x.Leaves.Length - 1].Select(d => (x.Leaves, x.Index, Other: (x.Index + d) % x.Leaves.Length)))
            .Sample(x =>
            {
                var proof = MerkleTree.Proof(x.Leaves, x.Index);
                return !MerkleTree.Verify(MerkleTree.Root(x.Leaves), x.Leaves[x.Index], x.Other, proof);
            });

    [Fact]
    public void Verify_IndexBeyondProofDepth_Fails()
    {
        Bytes32[] leaves = [Keccak.HashUtf8("a"), Keccak.HashUtf8("b")];
        var proof = MerkleTree.Proof(leaves, 0);
        Assert.False(MerkleTree.Verify(MerkleTree.Root(leaves), leaves[0], 2, proof));
        Assert.False(MerkleTree.Verify(MerkleTree.Root(leaves), leaves[0], -2, proof));
    }

    internal static Bytes32 Flip(Bytes32 value, int bit)
    {
        var bytes = value.ToArray();
        bytes[(bit / 8) % 32] ^= (byte)(1 << (bit % 8));
        return new Bytes32(bytes);
    }
}
