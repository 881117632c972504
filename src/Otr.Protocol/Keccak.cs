namespace Otr.Protocol;

/// <summary>Ethereum's Keccak-256 (the pre-standard SHA-3 padding), as Solidity's <c>keccak256</c>.</summary>
/// <remarks>Implemented in this assembly as a streaming sponge so that tree and trace hashing need no concatenation buffers.</remarks>
public static class Keccak
{
    /// <summary>Keccak-256 of the bytes.</summary>
    public static Bytes32 Hash(ReadOnlySpan<byte> data)
    {
        var sponge = default(KeccakSponge);
        sponge.Absorb(data);
        return sponge.Finish();
    }

    /// <summary>Keccak-256 of the concatenation of the parts.</summary>
    public static Bytes32 Hash(params ReadOnlySpan<byte[]> parts)
    {
        var sponge = default(KeccakSponge);
        foreach (var part in parts)
        {
            sponge.Absorb(part);
        }

        return sponge.Finish();
    }

    /// <summary>Keccak-256 of the UTF-8 encoding of the text.</summary>
    public static Bytes32 HashUtf8(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Hash(System.Text.Encoding.UTF8.GetBytes(text));
    }
}
