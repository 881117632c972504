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

    /// <summary>
    /// Up to four leaf hashes at once: <c>hashes[i] = Leaf(payload_i)</c> for <c>i &lt; hashes.Length</c>
    /// (1 to 4; the payloads after that are ignored). With AVX2 the four share one vector pass of the
    /// permutation (see <see cref="KeccakX4"/>), so batch payloads of similar length.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="hashes"/> is empty or longer than 4.</exception>
    public static void Leaves(
        ReadOnlySpan<byte> payload0, ReadOnlySpan<byte> payload1, ReadOnlySpan<byte> payload2, ReadOnlySpan<byte> payload3, Span<Bytes32> hashes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hashes.Length, 1, nameof(hashes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hashes.Length, 4, nameof(hashes));
        if (hashes.Length == 1)
        {
            hashes[0] = Leaf(payload0);
            return;
        }

        Span<byte> bytes = stackalloc byte[4 * 32];
        KeccakX4.HashPrefixed(KeccakX4.Best, LeafTag, hashes.Length, payload0, payload1, payload2, payload3, bytes);
        KeccakX4.ToBytes32(bytes, hashes);
    }

    /// <summary><c>keccak256(0x01 ‖ left ‖ right)</c> of two 32-byte spans into <paramref name="destination"/> (may alias either; no allocation).</summary>
    internal static void NodeInto(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        var sponge = default(KeccakSponge);
        sponge.Absorb(NodeTag);
        sponge.Absorb(left[..32]);
        sponge.Absorb(right[..32]);
        sponge.FinishInto(destination);
    }

    /// <summary>
    /// Hashes one level of a perfect tree in place: <paramref name="level"/> holds <c>2·nodes</c>
    /// consecutive 32-byte hashes; afterwards its first <c>nodes</c> hashes are their parents
    /// (<c>parent_j = Node(child_2j, child_2j+1)</c>), four at a time with <see cref="KeccakX4"/>.
    /// </summary>
    internal static void NodeLevel(Span<byte> level, int nodes, KeccakX4Kernel kernel)
    {
        for (var j = 0; j < nodes; j += 4)
        {
            var count = Math.Min(4, nodes - j);
            var pairs = level[(64 * j)..];
            if (count == 1 || kernel == KeccakX4Kernel.Scalar)
            {
                // Parent j + i lands before pair j + i + 1 is read, and never on an unread pair.
                for (var i = 0; i < count; i++)
                {
                    NodeInto(pairs.Slice(64 * i, 32), pairs.Slice((64 * i) + 32, 32), level.Slice(32 * (j + i), 32));
                }
            }
            else
            {
                KeccakX4.HashPrefixed(
                    kernel,
                    NodeTag,
                    count,
                    pairs[..64],
                    pairs.Slice(64, 64),
                    count > 2 ? pairs.Slice(128, 64) : default,
                    count > 3 ? pairs.Slice(192, 64) : default,
                    level.Slice(32 * j, 32 * count));
            }
        }
    }

    /// <summary>Root of the perfect tree over the <c>2^height</c> 32-byte leaf hashes in <paramref name="leaves"/>, computed in place (the span is overwritten; the root is its first 32 bytes).</summary>
    internal static void PerfectRootInPlace(Span<byte> leaves, int height, KeccakX4Kernel kernel)
    {
        for (var h = height; h > 0; h--)
        {
            NodeLevel(leaves, 1 << (h - 1), kernel);
        }
    }
}
