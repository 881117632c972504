using System.Buffers.Binary;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Dcap;

/// <summary>
/// A forward-only reader over quote bytes: every read is bounds-checked against the remaining length and fails with
/// <see cref="DcapReasons.QuoteTruncated"/> naming the field, so no malformed length can index outside the buffer.
/// </summary>
internal ref struct QuoteReader
{
    private readonly ReadOnlySpan<byte> _data;

    public QuoteReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly int Remaining => _data.Length - Position;

    public ReadOnlySpan<byte> Take(int length, string field)
    {
        if (length < 0 || length > Remaining)
        {
            throw new AttestationRejectedException(
                DcapReasons.QuoteTruncated,
                $"Quote truncated: {field} needs {length} bytes at offset {Position}, only {Remaining} remain.");
        }

        var slice = _data.Slice(Position, length);
        Position += length;
        return slice;
    }

    public byte[] Bytes(int length, string field) => Take(length, field).ToArray();

    public ushort U16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));

    public uint U32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    /// <summary>A 32-bit length that must fit in what is left; larger values are a truncation, not an overflow.</summary>
    public int Length32(string field)
    {
        var value = U32(field);
        if (value > (uint)Remaining)
        {
            throw new AttestationRejectedException(
                DcapReasons.QuoteTruncated,
                $"Quote truncated: {field} says {value} bytes follow at offset {Position}, only {Remaining} remain.");
        }

        return (int)value;
    }
}
