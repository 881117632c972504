using System.Runtime.CompilerServices;

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
    /// Many leaf hashes at once: <c>hashes[i] = Leaf(payloads[ranges[i]])</c>. With AVX2 or AVX-512
    /// four or eight leaves share each pass of the Keccak permutation (payloads with the same number
    /// of 136-byte blocks are grouped), so hashing a batch costs a fraction of hashing its leaves one
    /// by one; the hashes are the same.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hashes"/> and <paramref name="ranges"/> differ in length.</exception>
    public static void Leaves(ReadOnlySpan<byte> payloads, ReadOnlySpan<Range> ranges, Span<Bytes32> hashes)
    {
        if (hashes.Length != ranges.Length)
        {
            throw new ArgumentException($"{ranges.Length} payload ranges need as many hashes, got room for {hashes.Length}", nameof(hashes));
        }

        // Constant-size stackalloc, sliced (a variable-size one costs more than a short hashing pass).
        Span<byte> buffer = stackalloc byte[32 * 32];
        var digests = ranges.Length <= 32 ? buffer[..(32 * ranges.Length)] : new byte[32 * ranges.Length];
        KeccakBatch.HashPrefixed(LeafTag, payloads, ranges, digests, KeccakBatch.Wide);
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = Bytes32.FromOwned(digests.Slice(32 * i, 32).ToArray());
        }
    }

    /// <summary>
    /// As <see cref="Leaves"/>, into <paramref name="digests"/> (32 bytes per range, in order) without allocating.
    /// </summary>
    public static void LeavesInto(ReadOnlySpan<byte> payloads, ReadOnlySpan<Range> ranges, Span<byte> digests)
    {
        if (digests.Length < 32 * ranges.Length)
        {
            throw new ArgumentException($"{ranges.Length} payload ranges need {32 * ranges.Length} digest bytes, got {digests.Length}", nameof(digests));
        }

        KeccakBatch.HashPrefixed(LeafTag, payloads, ranges, digests[..(32 * ranges.Length)], KeccakBatch.Wide);
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
    /// (<c>parent_j = Node(child_2j, child_2j+1)</c>), in passes of <paramref name="wide"/>.
    /// </summary>
    [SkipLocalsInit]
    internal static void NodeLevel(Span<byte> level, int nodes, KeccakKernel wide)
    {
        Span<Range> buffer = stackalloc Range[64];
        var pairs = nodes <= 64 ? buffer[..nodes] : new Range[nodes];
        for (var j = 0; j < nodes; j++)
        {
            pairs[j] = new Range(64 * j, (64 * j) + 64);
        }

        // Parent j lands at 32j, on pair j/2 at the latest, after the pass that reads pair j (KeccakBatch keeps equal-length messages in order).
        KeccakBatch.HashPrefixed(NodeTag, level, pairs, level, wide);
    }

    /// <summary>Root of the perfect tree over the <c>2^height</c> 32-byte leaf hashes in <paramref name="leaves"/>, computed in place (the span is overwritten; the root is its first 32 bytes).</summary>
    internal static void PerfectRootInPlace(Span<byte> leaves, int height, KeccakKernel wide)
    {
        for (var h = height; h > 0; h--)
        {
            NodeLevel(leaves, 1 << (h - 1), wide);
        }
    }
}
