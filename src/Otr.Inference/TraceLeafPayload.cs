using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Otr.Inference;

/// <summary>Coarse trace leaf payloads of docs/encodings.md.</summary>
internal static class TraceLeafPayload
{
    /// <summary>Step 0: <c>uint32(t) ‖ uint32(0) ‖ h</c>; returns the length.</summary>
    public static int Embedding(Span<byte> destination, int position, ReadOnlySpan<sbyte> h)
    {
        Header(destination, position, 0);
        MemoryMarshal.AsBytes(h).CopyTo(destination[8..]);
        return 8 + h.Length;
    }

    /// <summary>Step l ≥ 1: <c>uint32(t) ‖ uint32(l) ‖ h ‖ k ‖ v</c>; returns the length.</summary>
    public static int Layer(Span<byte> destination, int position, int layer, ReadOnlySpan<sbyte> h, ReadOnlySpan<sbyte> k, ReadOnlySpan<sbyte> v)
    {
        Header(destination, position, layer);
        var d = h.Length;
        MemoryMarshal.AsBytes(h).CopyTo(destination[8..]);
        MemoryMarshal.AsBytes(k).CopyTo(destination[(8 + d)..]);
        MemoryMarshal.AsBytes(v).CopyTo(destination[(8 + (2 * d))..]);
        return 8 + (3 * d);
    }

    /// <summary>Step L+1: <c>uint32(t) ‖ uint32(L+1) ‖ uint32(token)</c>; returns the length (12).</summary>
    public static int Token(Span<byte> destination, int position, int step, int token)
    {
        Header(destination, position, step);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)token);
        return 12;
    }

    private static void Header(Span<byte> destination, int position, int step)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)position);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)step);
    }
}
