using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Otr.Inference.Fine;

namespace Otr.Inference.Tests.Fine;

/// <summary>Reads the values back out of fine leaf payloads (after the 20-byte header).</summary>
internal static class FineValues
{
    public static sbyte[] Int8(byte[] payload) => MemoryMarshal.Cast<byte, sbyte>(payload.AsSpan(FineTrace.HeaderLength)).ToArray();

    public static long Int64(byte[] payload, int index) => BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(FineTrace.HeaderLength + (8 * index)));

    public static int Int32(byte[] payload, int index) => BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(FineTrace.HeaderLength + (4 * index)));

    /// <summary>The values of every block of a blocked op, concatenated (for Up: <paramref name="part"/> 0 = u, 1 = g).</summary>
    public static sbyte[] Concat(FineTrace fine, FineLayout layout, FineOp op, int rows, int part = 0, int parts = 1)
    {
        var all = new List<sbyte>();
        for (var b = 0; b < FineLayout.Blocks(rows); b++)
        {
            var payload = fine.Payloads[layout.IndexOf(fine.Step, new FineStep(op, 0, b))];
            var values = Int8(payload);
            var len = values.Length / parts;
            all.AddRange(values.AsSpan(part * len, len).ToArray());
        }

        return [.. all];
    }
}
