using System.Buffers;
using System.Text;

namespace Otr.Inference.Onnx;

/// <summary>
/// A minimal protobuf (proto3 wire format) message writer for the few onnx.proto messages the
/// graph builder emits. Only varint and length-delimited fields are needed; nested messages are
/// written as length-delimited bytes.
/// </summary>
internal sealed class ProtoMessage
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;

    private readonly ArrayBufferWriter<byte> _buffer = new();

    public ProtoMessage Int(int field, long value)
    {
        Varint(((ulong)field << 3) | WireVarint);
        Varint(unchecked((ulong)value));
        return this;
    }

    public ProtoMessage String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoMessage Bytes(int field, ReadOnlySpan<byte> value)
    {
        Varint(((ulong)field << 3) | WireLengthDelimited);
        Varint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtoMessage Message(int field, ProtoMessage value) => Bytes(field, value._buffer.WrittenSpan);

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private void Varint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }
}
