namespace Otr.Protocol;

/// <summary>20-byte Ethereum addresses in text form, with EIP-55 mixed-case checksums.</summary>
internal static class EthAddress
{
    /// <summary>Number of bytes in an address.</summary>
    public const int Length = 20;

    /// <summary>Parses "0x" + 40 hex digits in any case; the checksum is not checked.</summary>
    public static bool TryParse(string? text, out byte[] address) => HexText.TryParse(text, Length, out address);

    /// <summary>Parses like <see cref="TryParse"/> or throws an <see cref="ArgumentException"/> naming the parameter.</summary>
    public static byte[] ParseArgument(string? text, string parameterName)
    {
        if (!TryParse(text, out var address))
        {
            throw new ArgumentException($"'{text}' is not an address (expected 0x followed by 40 hex digits)", parameterName);
        }

        return address;
    }

    /// <summary>True when the text is all lower case, all upper case, or carries a correct EIP-55 checksum.</summary>
    public static bool HasValidChecksum(string text, ReadOnlySpan<byte> address)
    {
        var digits = text.AsSpan(2);
        if (!digits.ContainsAnyInRange('a', 'f') || !digits.ContainsAnyInRange('A', 'F'))
        {
            return true;
        }

        return string.Equals(text, ToChecksum(address), StringComparison.Ordinal);
    }

    /// <summary>The EIP-55 checksummed text form of a 20-byte address.</summary>
    public static string ToChecksum(ReadOnlySpan<byte> address)
    {
        var lower = Convert.ToHexStringLower(address);
        Span<byte> ascii = stackalloc byte[lower.Length];
        for (var i = 0; i < lower.Length; i++)
        {
            ascii[i] = (byte)lower[i];
        }

        var hash = Keccak.Hash(ascii).Span;
        var chars = new char[2 + lower.Length];
        chars[0] = '0';
        chars[1] = 'x';
        for (var i = 0; i < lower.Length; i++)
        {
            var nibble = (i & 1) == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0F;
            chars[2 + i] = nibble >= 8 ? char.ToUpperInvariant(lower[i]) : lower[i];
        }

        return new string(chars);
    }
}
