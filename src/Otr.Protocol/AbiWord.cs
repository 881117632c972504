using System.Buffers.Binary;

namespace Otr.Protocol;

/// <summary>Writes Solidity <c>abi.encode</c> head words (32 bytes, big-endian, left-padded with zeros).</summary>
internal static class AbiWord
{
    /// <summary>Bytes in one ABI word.</summary>
    public const int Size = 32;

    /// <summary>Writes an unsigned integer (uint8…uint256 holding at most 64 bits) into the word.</summary>
    public static void WriteUInt64(Span<byte> word, ulong value)
    {
        word[..24].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(word[24..Size], value);
    }

    /// <summary>Writes a 20-byte address into the word.</summary>
    public static void WriteAddress(Span<byte> word, ReadOnlySpan<byte> address)
    {
        word[..12].Clear();
        address.CopyTo(word[12..Size]);
    }

    /// <summary>Writes a bytes32 into the word.</summary>
    public static void WriteBytes32(Span<byte> word, Bytes32 value) => value.Span.CopyTo(word);
}
