using System.Runtime.InteropServices;

namespace Otr.Protocol;

/// <summary>
/// Leaf hashes of the coarse trace (docs/encodings.md, "Coarse trace leaves"): each is
/// <c>TreeHash.Leaf(uint32(t) ‖ uint32(l) ‖ body)</c> with step <c>l = 0</c> the embedding,
/// <c>1..L</c> the layers and <c>L+1</c> the emitted token. The hashes stream the vectors into the
/// sponge without building the payload; the <c>*Payload</c> methods build it for one-step proofs.
/// </summary>
public static class TraceLeaf
{
    /// <summary>Bytes of the <c>uint32(t) ‖ uint32(l)</c> header.</summary>
    public const int HeaderLength = 8;

    /// <summary>Embedding leaf of position <paramref name="t"/>: payload <c>uint32(t) ‖ uint32(0) ‖ h</c>.</summary>
    public static Bytes32 Embedding(int t, ReadOnlySpan<sbyte> h)
    {
        var sponge = Start(t, 0);
        sponge.Absorb(MemoryMarshal.AsBytes(h));
        return sponge.Finish();
    }

    /// <summary>Layer <paramref name="l"/> (≥ 1) leaf of position <paramref name="t"/>: payload <c>uint32(t) ‖ uint32(l) ‖ h ‖ k ‖ v</c>.</summary>
    public static Bytes32 Layer(int t, int l, ReadOnlySpan<sbyte> h, ReadOnlySpan<sbyte> k, ReadOnlySpan<sbyte> v)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(l, 1);
        var sponge = Start(t, l);
        sponge.Absorb(MemoryMarshal.AsBytes(h));
        sponge.Absorb(MemoryMarshal.AsBytes(k));
        sponge.Absorb(MemoryMarshal.AsBytes(v));
        return sponge.Finish();
    }

    /// <summary>Token leaf at step <paramref name="l"/> = L+1 of position <paramref name="t"/>: payload <c>uint32(t) ‖ uint32(l) ‖ uint32(token)</c>.</summary>
    public static Bytes32 Token(int t, int l, int token)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(l, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(token);
        var sponge = Start(t, l);
        sponge.AbsorbUInt32BigEndian((uint)token);
        return sponge.Finish();
    }

    /// <summary>The payload hashed by <see cref="Embedding"/>.</summary>
    public static byte[] EmbeddingPayload(int t, ReadOnlySpan<sbyte> h) => Payload(t, 0, h, [], []);

    /// <summary>The payload hashed by <see cref="Layer"/>.</summary>
    public static byte[] LayerPayload(int t, int l, ReadOnlySpan<sbyte> h, ReadOnlySpan<sbyte> k, ReadOnlySpan<sbyte> v)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(l, 1);
        return Payload(t, l, h, k, v);
    }

    /// <summary>The payload hashed by <see cref="Token"/>.</summary>
    public static byte[] TokenPayload(int t, int l, int token)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(l, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(token);
        var payload = Header(t, l, 4);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(HeaderLength), (uint)token);
        return payload;
    }

    private static KeccakSponge Start(int t, int l)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        var sponge = default(KeccakSponge);
        sponge.Absorb(TreeHash.LeafTag);
        sponge.AbsorbUInt32BigEndian((uint)t);
        sponge.AbsorbUInt32BigEndian((uint)l);
        return sponge;
    }

    private static byte[] Payload(int t, int l, ReadOnlySpan<sbyte> h, ReadOnlySpan<sbyte> k, ReadOnlySpan<sbyte> v)
    {
        var payload = Header(t, l, h.Length + k.Length + v.Length);
        var body = payload.AsSpan(HeaderLength);
        MemoryMarshal.AsBytes(h).CopyTo(body);
        MemoryMarshal.AsBytes(k).CopyTo(body[h.Length..]);
        MemoryMarshal.AsBytes(v).CopyTo(body[(h.Length + k.Length)..]);
        return payload;
    }

    private static byte[] Header(int t, int l, int bodyLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        var payload = new byte[HeaderLength + bodyLength];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)t);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)l);
        return payload;
    }
}
