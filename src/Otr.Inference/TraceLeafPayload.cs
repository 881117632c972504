using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Otr.Inference;

/// <summary>Coarse trace leaf payloads of docs/encodings.md.</summary>
internal static class TraceLeafPayload
{
    /// <summary><c>uint32(t) ‖ uint32(l) ‖ rows</c> where rows is h (l = 0) or h ‖ k ‖ v (l ≥ 1); returns the length.</summary>
    public static int Hidden(Span<byte> destination, int position, int step, ReadOnlySpan<sbyte> rows)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)position);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)step);
        MemoryMarshal.AsBytes(rows).CopyTo(destination[8..]);
        return 8 + rows.Length;
    }

    /// <summary><c>uint32(t) ‖ uint32(L+1) ‖ uint32(token)</c>; returns the length (12).</summary>
    public static int Token(Span<byte> destination, int position, int step, int token)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)position);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)step);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)token);
        return 12;
    }
}
