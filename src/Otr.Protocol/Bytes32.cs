using System.Buffers;

namespace Otr.Protocol;

/// <summary>A 32-byte value (hash, root, identifier) with value equality and 0x-hex text form.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Bytes32JsonConverter))]
public readonly struct Bytes32 : IEquatable<Bytes32>
{
    private readonly byte[]? _bytes;

    /// <summary>Wraps a copy of exactly 32 bytes.</summary>
    public Bytes32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new ArgumentException($"a Bytes32 needs exactly 32 bytes, got {bytes.Length}", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    // Takes ownership of a fresh 32-byte array (hash outputs) to avoid a second copy.
    private Bytes32(byte[] owned, bool _) => _bytes = owned;

    /// <summary>All zero bytes.</summary>
    public static Bytes32 Zero { get; } = new(new byte[32]);

    /// <summary>The bytes (never null; zero when default).</summary>
    public ReadOnlySpan<byte> Span => _bytes ?? Zero._bytes!;

    /// <summary>A fresh copy of the bytes.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <summary>True when every byte is zero.</summary>
    public bool IsZero => Span.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Parses 64 hex digits with or without a 0x prefix.</summary>
    public static Bytes32 Parse(string hex)
    {
        if (!TryParse(hex, out var value))
        {
            throw new FormatException($"'{hex}' is not a 32-byte hex value (expected 0x followed by 64 hex digits)");
        }

        return value;
    }

    /// <summary>Parses 64 hex digits with or without a 0x prefix.</summary>
    public static bool TryParse(string? hex, out Bytes32 value)
    {
        value = default;
        if (hex is null)
        {
            return false;
        }

        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex.AsSpan(2) : hex.AsSpan();
        if (digits.Length != 64)
        {
            return false;
        }

        var bytes = new byte[32];
        if (Convert.FromHexString(digits, bytes, out _, out var written) != OperationStatus.Done || written != 32)
        {
            return false;
        }

        value = new Bytes32(bytes, true);
        return true;
    }

    /// <summary>Wraps an array the caller hands over and never touches again.</summary>
    internal static Bytes32 FromOwned(byte[] bytes)
    {
        System.Diagnostics.Debug.Assert(bytes.Length == 32, "Bytes32 needs 32 bytes");
        return new Bytes32(bytes, true);
    }

    /// <inheritdoc />
    public bool Equals(Bytes32 other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Bytes32 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(Span[..4]);

    /// <summary>Lower-case 0x-prefixed hex.</summary>
    public override string ToString() => "0x" + Convert.ToHexStringLower(Span);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Bytes32 left, Bytes32 right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Bytes32 left, Bytes32 right) => !left.Equals(right);
}
