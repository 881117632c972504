using System.Buffers.Binary;
using System.Text;
using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// The <c>.q8</c> model file: magic <c>"OTRQ8MDL"</c>, uint32 format version, uint8 name length
/// and UTF-8 name, uint32 tensor count, then per tensor: uint8 name length, name, uint8 element
/// type, uint8 rank, uint32 dims, data (int8 bytes or big-endian int32); and finally the keccak
/// of everything before it. All integers big-endian.
/// </summary>
internal static class Q8ModelFile
{
    public const int FormatVersion = 1;

    public static ReadOnlySpan<byte> Magic => "OTRQ8MDL"u8;

    public static byte[] Write(Q8Model model)
    {
        using var stream = new MemoryStream();
        stream.Write(Magic);
        WriteUInt32(stream, FormatVersion);
        WriteName(stream, model.Name);
        WriteUInt32(stream, (uint)model.Tensors.Count);
        foreach (var t in model.Tensors)
        {
            WriteName(stream, t.Name);
            stream.WriteByte((byte)t.ElementType);
            stream.WriteByte((byte)t.Shape.Count);
            foreach (var d in t.Shape)
            {
                WriteUInt32(stream, (uint)d);
            }

            stream.Write(t.ToBytes());
        }

        var body = stream.ToArray();
        return [.. body, .. Keccak.Hash(body).Span];
    }

    public static Q8Model Read(ReadOnlySpan<byte> bytes)
    {
        var r = new Reader(bytes);
        if (!r.Take(Magic.Length, "magic").SequenceEqual(Magic))
        {
            throw new Q8ModelFormatException("not a q8 model file (bad magic; expected \"OTRQ8MDL\")");
        }

        var version = r.UInt32("format version");
        if (version != FormatVersion)
        {
            throw new Q8ModelFormatException($"unsupported q8 model file version {version} (this build reads version {FormatVersion})");
        }

        var name = r.Name("model name");
        var count = r.UInt32("tensor count");
        if (count > 1 << 16)
        {
            throw new Q8ModelFormatException($"implausible tensor count {count}");
        }

        var tensors = new List<Q8Tensor>((int)count);
        for (var i = 0; i < count; i++)
        {
            tensors.Add(ReadTensor(ref r, i));
        }

        var bodyLength = r.Offset;
        var checksum = r.Take(32, "checksum");
        if (r.Offset != bytes.Length)
        {
            throw new Q8ModelFormatException($"{bytes.Length - r.Offset} unexpected trailing bytes after the checksum");
        }

        if (!Keccak.Hash(bytes[..bodyLength]).Span.SequenceEqual(checksum))
        {
            throw new Q8ModelFormatException("checksum mismatch: the model file is corrupt");
        }

        return Q8Model.FromTensors(name, tensors);
    }

    private static Q8Tensor ReadTensor(ref Reader r, int index)
    {
        var name = r.Name($"tensor {index} name");
        var type = r.Byte($"tensor '{name}' element type");
        if (type is not ((byte)Q8ElementType.Int8 or (byte)Q8ElementType.Int32))
        {
            throw new Q8ModelFormatException($"tensor '{name}': unknown element type {type}");
        }

        var rank = r.Byte($"tensor '{name}' rank");
        if (rank > 8)
        {
            throw new Q8ModelFormatException($"tensor '{name}': rank {rank} is not supported");
        }

        var shape = new int[rank];
        long count = 1;
        for (var d = 0; d < rank; d++)
        {
            var dim = r.UInt32($"tensor '{name}' dimension {d}");
            if (dim is 0 or > int.MaxValue)
            {
                throw new Q8ModelFormatException($"tensor '{name}': bad dimension {dim}");
            }

            shape[d] = (int)dim;
            count *= dim;
            if (count > int.MaxValue / 4)
            {
                throw new Q8ModelFormatException($"tensor '{name}': too many elements");
            }
        }

        if (type == (byte)Q8ElementType.Int8)
        {
            var data = r.Take((int)count, $"tensor '{name}' data");
            return Q8Tensor.FromInt8(name, shape, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(data));
        }

        var raw = r.Take((int)count * 4, $"tensor '{name}' data");
        var values = new int[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32BigEndian(raw[(4 * i)..]);
        }

        return Q8Tensor.FromInt32(name, shape, values);
    }

    private static void WriteUInt32(Stream s, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        s.Write(b);
    }

    private static void WriteName(Stream s, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length is 0 or > 255)
        {
            throw new Q8ModelFormatException($"name '{name}' must be 1 to 255 UTF-8 bytes");
        }

        s.WriteByte((byte)bytes.Length);
        s.Write(bytes);
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Offset { get; private set; }

        public ReadOnlySpan<byte> Take(int count, string what)
        {
            if (_bytes.Length - Offset < count)
            {
                throw new Q8ModelFormatException(
                    $"truncated model file: reading {what} at byte {Offset} needs {count} bytes, only {_bytes.Length - Offset} left (file is {_bytes.Length} bytes)");
            }

            var slice = _bytes.Slice(Offset, count);
            Offset += count;
            return slice;
        }

        public byte Byte(string what) => Take(1, what)[0];

        public uint UInt32(string what) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, what));

        public string Name(string what)
        {
            var length = Byte(what + " length");
            if (length == 0)
            {
                throw new Q8ModelFormatException($"{what} is empty");
            }

            try
            {
                return new UTF8Encoding(false, true).GetString(Take(length, what));
            }
            catch (DecoderFallbackException e)
            {
                throw new Q8ModelFormatException($"{what} is not valid UTF-8", e);
            }
        }
    }
}
