namespace Otr.Protocol;

/// <summary>
/// The one hashing rule shared by every Merkle structure in OTR (batch trees, weights trees,
/// trace accumulators): leaves are <c>keccak256(0x00 ‖ payload)</c>, inner nodes are
/// <c>keccak256(0x01 ‖ left ‖ right)</c>. The tag byte keeps a leaf from ever being read as a node.
/// </summary>
public static class TreeHash
{
    /// <summary>Tag byte of a leaf preimage.</summary>
    public const byte LeafTag = 0x00;

    /// <summary>Tag byte of an inner-node preimage.</summary>
    public const byte NodeTag = 0x01;

    /// <summary><c>keccak256(0x00 ‖ payload)</c>.</summary>
    public static Bytes32 Leaf(ReadOnlySpan<byte> payload)
    {
        var sponge = default(KeccakSponge);
        sponge.Absorb(LeafTag);
        sponge.Absorb(payload);
        return sponge.Finish();
    }

    /// <summary><c>keccak256(0x01 ‖ left ‖ right)</c>.</summary>
    public static Bytes32 Node(Bytes32 left, Bytes32 right)
    {
        var sponge = default(KeccakSponge);
        sponge.Absorb(NodeTag);
        sponge.Absorb(left.Span);
        sponge.Absorb(right.Span);
        return sponge.Finish();
    }
}
