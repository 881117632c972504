using Otr.Protocol;

namespace Otr.Sequencer.Receipts;

/// <summary>The batch tree of docs/encodings.md: leaf = <c>TreeHash.Leaf(digest)</c>, positional Merkle root over the leaves in batch order.</summary>
internal static class BatchMath
{
    public static Bytes32 Root(IReadOnlyList<Bytes32> digests) => MerkleTree.Root(Leaves(digests));

    public static IReadOnlyList<Bytes32> Proof(IReadOnlyList<Bytes32> digests, int leafIndex) => MerkleTree.Proof(Leaves(digests), leafIndex);

    private static Bytes32[] Leaves(IReadOnlyList<Bytes32> digests) => [.. digests.Select(d => TreeHash.Leaf(d.Span))];
}
