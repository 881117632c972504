using System.Buffers;

namespace Otr.Protocol;

/// <summary>Strict 0x-hex text: a lower-case "0x" prefix, then exactly two hex digits per byte (either case).</summary>
internal static class HexText
{
    /// <summary>Parses "0x" followed by exactly <paramref name="byteCount"/> bytes of hex.</summary>
    public static bool TryParse(string? text, int byteCount, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length != 2 + (2 * byteCount) || !text.StartsWith("0x", StringComparison.Ordinal))
        {
            return false;
        }

        var buffer = new byte[byteCount];
        if (Convert.FromHexString(text.AsSpan(2), buffer, out _, out var written) != OperationStatus.Done || written != byteCount)
        {
            return false;
        }

        bytes = buffer;
        return true;
    }

    /// <summary>"0x" followed by lower-case hex.</summary>
    public static string Format(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
