namespace Otr.Protocol;

/// <summary>
/// Builds batches from the ordered receipt digests the sequencer put in them (docs/encodings.md,
/// "Batch"): leaf = <c>TreeHash.Leaf(digest)</c>, root = positional tree root over the leaves.
/// </summary>
public static class BatchBuilder
{
    /// <summary>The batch commitment over the digests.</summary>
    /// <exception cref="ArgumentException">No digests, or a digest appears twice (L1 keys receipt state by digest).</exception>
    public static Batch Build(IReadOnlyList<Bytes32> digests) => new(Tree(digests).Root, digests.Count);

    /// <summary>The inclusion proof of the receipt at <paramref name="index"/>.</summary>
    public static BatchInclusionProof Prove(IReadOnlyList<Bytes32> digests, int index) =>
        new(index, Tree(digests).Proof(index));

    /// <summary>The inclusion proofs of every receipt, in batch order (one tree build for all).</summary>
    public static IReadOnlyList<BatchInclusionProof> ProveAll(IReadOnlyList<Bytes32> digests)
    {
        var tree = Tree(digests);
        var proofs = new BatchInclusionProof[digests.Count];
        for (var i = 0; i < proofs.Length; i++)
        {
            proofs[i] = new BatchInclusionProof(i, tree.Proof(i));
        }

        return proofs;
    }

    private static MerkleLevels Tree(IReadOnlyList<Bytes32> digests)
    {
        ArgumentNullException.ThrowIfNull(digests);
        if (digests.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one receipt", nameof(digests));
        }

        var seen = new Dictionary<Bytes32, int>(digests.Count);
        var leaves = new Bytes32[digests.Count];
        for (var i = 0; i < digests.Count; i++)
        {
            if (!seen.TryAdd(digests[i], i))
            {
                throw new ArgumentException($"digest {digests[i]} appears at positions {seen[digests[i]]} and {i}", nameof(digests));
            }

            leaves[i] = BatchVerifier.LeafOf(digests[i]);
        }

        return new MerkleLevels(leaves);
    }
}
