namespace Otr.Protocol;

/// <summary>Checks that a receipt digest is in a batch, as the rollup contract does.</summary>
public static class BatchVerifier
{
    /// <summary>The batch leaf of a receipt: <c>keccak(0x00 ‖ digest)</c>.</summary>
    public static Bytes32 LeafOf(Bytes32 digest) => TreeHash.Leaf(digest.Span);

    /// <summary>⌈log2(count)⌉: siblings in every proof of a batch of <paramref name="count"/> receipts (0 for one).</summary>
    public static int ProofLength(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var depth = 0;
        while ((1L << depth) < count)
        {
            depth++;
        }

        return depth;
    }

    /// <summary>True when the proof takes the digest's batch leaf to <paramref name="root"/>.</summary>
    public static bool Verify(Bytes32 root, Bytes32 digest, BatchInclusionProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return MerkleTree.Verify(root, LeafOf(digest), proof.Index, proof.Siblings);
    }

    /// <summary>Like <see cref="Verify(Bytes32, Bytes32, BatchInclusionProof)"/>, and also checks the index against the batch's count and the proof's length against its depth.</summary>
    public static bool Verify(Batch batch, Bytes32 digest, BatchInclusionProof proof)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(proof);
        return batch.Count > 0
            && proof.Index < batch.Count
            && proof.Siblings.Count == batch.ProofLength
            && Verify(batch.Root, digest, proof);
    }
}
