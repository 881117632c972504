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
        if (leaves.Count == 0)
        {
            return Bytes32.Zero;
        }

        var level = Pad(leaves);
        while (level.Length > 1)
        {
            var next = new Bytes32[level.Length / 2];
            for (var i = 0; i < next.Length; i++)
            {
                next[i] = TreeHash.Node(level[2 * i], level[(2 * i) + 1]);
            }

            level = next;
        }

        return level[0];
    }

    /// <summary>Siblings from leaf <paramref name="index"/> up to the root.</summary>
    public static IReadOnlyList<Bytes32> Proof(IReadOnlyList<Bytes32> leaves, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leaves.Count);
        var level = Pad(leaves);
        var proof = new List<Bytes32>();
        var i = index;
        while (level.Length > 1)
        {
            proof.Add(level[i ^ 1]);
            var next = new Bytes32[level.Length / 2];
            for (var j = 0; j < next.Length; j++)
            {
                next[j] = TreeHash.Node(level[2 * j], level[(2 * j) + 1]);
            }

            level = next;
            i >>= 1;
        }

        return proof;
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
        index >= 0 && index < (1L << proof.Count) && RootFromProof(leaf, index, proof) == root;

    private static Bytes32[] Pad(IReadOnlyList<Bytes32> leaves)
    {
        var size = 1;
        while (size < leaves.Count)
        {
            size <<= 1;
        }

        var level = new Bytes32[size];
        for (var i = 0; i < size; i++)
        {
            level[i] = i < leaves.Count ? leaves[i] : Bytes32.Zero;
        }

        return level;
    }
}
