namespace Otr.Protocol;

/// <summary>
/// Positional binary Merkle tree over leaf hashes (see <see cref="TreeHash"/>). The leaf count is
/// padded to the next power of two with <see cref="Bytes32.Zero"/>; a one-leaf tree's root is that
/// leaf; an empty tree's root is zero. A proof is the list of siblings from the leaf up, and the
/// leaf index's bits (least significant first) say on which side each sibling stands.
/// </summary>
public static class MerkleTree
{
    /// <summary>Root over the given leaf hashes.</summary>
    public static Bytes32 Root(IReadOnlyList<Bytes32> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        return new MerkleLevels(leaves).Root;
    }

    /// <summary>Siblings from leaf <paramref name="index"/> up to the root.</summary>
    public static IReadOnlyList<Bytes32> Proof(IReadOnlyList<Bytes32> leaves, int index)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        return new MerkleLevels(leaves).Proof(index);
    }

    /// <summary>Recomputes the root from a leaf, its index and its proof.</summary>
    public static Bytes32 RootFromProof(Bytes32 leaf, long index, IReadOnlyList<Bytes32> proof)
    {
        var node = leaf;
        var i = index;
        foreach (var sibling in proof)
        {
            node = (i & 1) == 0 ? TreeHash.Node(node, sibling) : TreeHash.Node(sibling, node);
            i >>= 1;
        }

        return node;
    }

    /// <summary>True when the proof takes the leaf at the index to the root.</summary>
    public static bool Verify(Bytes32 root, Bytes32 leaf, long index, IReadOnlyList<Bytes32> proof) =>
        index >= 0 && (proof.Count >= 63 || index < (1L << proof.Count)) && RootFromProof(leaf, index, proof) == root;
}
