using System.Globalization;
using System.Numerics;

namespace Otr.Attestation;

/// <summary>Writes single ABI words (32 bytes, big-endian, left-padded) for the few encodings this library hashes.</summary>
public static class AbiWords
{
    /// <summary>Parses a 0x-prefixed 20-byte address; throws <see cref="FormatException"/> otherwise.</summary>
    public static byte[] ParseAddress(string address)
    {
        if (!TryParseAddress(address, out var bytes))
        {
            throw new FormatException($"'{address}' is not an Ethereum address (expected 0x followed by 40 hex digits)");
        }

        return bytes;
    }

    /// <summary>Parses a 0x-prefixed 20-byte address.</summary>
    public static bool TryParseAddress(string? address, out byte[] bytes)
    {
        bytes = [];
        if (address is null || address.Length != 42 || !address.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var result = new byte[20];
        for (var i = 0; i < 20; i++)
        {
            if (!byte.TryParse(address.AsSpan(2 + (2 * i), 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out result[i]))
            {
                return false;
            }
        }

        bytes = result;
        return true;
    }

    /// <summary>An address as an ABI word (12 zero bytes, then the 20 address bytes).</summary>
    public static void WriteAddress(Span<byte> word, string address)
    {
        word[..12].Clear();
        ParseAddress(address).CopyTo(word[12..]);
    }

    /// <summary>A non-negative integer below 2^256 as an ABI word.</summary>
    public static void WriteUint256(Span<byte> word, BigInteger value)
    {
        if (value.Sign < 0 || value.GetByteCount(isUnsigned: true) > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "a uint256 must be in [0, 2^256)");
        }

        word.Clear();
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(word[(32 - length)..], out _, isUnsigned: true, isBigEndian: true);
    }
}
