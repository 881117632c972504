namespace Otr.Protocol;

/// <summary>What a batch commits on L1: the root over its receipts' batch leaves and how many there are.</summary>
/// <param name="Root">Positional Merkle root over <c>TreeHash.Leaf(digest)</c> of each receipt, in batch order.</param>
/// <param name="Count">Number of receipts in the batch.</param>
public sealed record Batch(Bytes32 Root, int Count)
{
    /// <summary>Number of siblings in every inclusion proof of this batch: ⌈log2(Count)⌉.</summary>
    public int ProofLength => BatchVerifier.ProofLength(Count);
}
