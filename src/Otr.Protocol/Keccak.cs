using Nethereum.Util;

namespace Otr.Protocol;

/// <summary>Ethereum's Keccak-256 (the pre-standard SHA-3 padding), as Solidity's <c>keccak256</c>.</summary>
public static class Keccak
{
    /// <summary>Keccak-256 of the bytes.</summary>
    public static Bytes32 Hash(ReadOnlySpan<byte> data) => new(Sha3Keccack.Current.CalculateHash(data.ToArray()));

    /// <summary>Keccak-256 of the concatenation of the parts.</summary>
    public static Bytes32 Hash(params ReadOnlySpan<byte[]> parts)
    {
        var total = 0;
        foreach (var p in parts)
        {
            total += p.Length;
        }

        var buffer = new byte[total];
        var offset = 0;
        foreach (var p in parts)
        {
            p.CopyTo(buffer, offset);
            offset += p.Length;
        }

        return Hash(buffer);
    }
}
