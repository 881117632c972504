using System.Numerics;
using System.Security.Cryptography;
using Nethereum.Signer;
using Otr.Protocol;

namespace Otr.Attestation;

/// <summary>
/// secp256k1 over plain 32-byte digests with the Ethereum signature form <c>r ‖ s ‖ v</c>
/// (<c>v ∈ {27, 28}</c>, low s), matching OpenZeppelin's <c>ECDSA.tryRecover</c>.
/// </summary>
internal static class Secp256k1
{
    /// <summary>Length of a signature.</summary>
    public const int SignatureLength = 65;

    // The curve order n.
    private static readonly byte[] Order = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

    // n / 2 of the curve order: signatures with a larger s are malleable and rejected (EIP-2).
    private static readonly byte[] HalfOrder = Convert.FromHexString("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0");

    /// <summary>A fresh private key from the system's cryptographic random source.</summary>
    public static byte[] GenerateKey()
    {
        while (true)
        {
            var key = RandomNumberGenerator.GetBytes(32);
            if (IsValidKey(key))
            {
                return key;
            }
        }
    }

    /// <summary>True when the 32 bytes are a valid private key (in [1, n)).</summary>
    public static bool IsValidKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32 || key.IndexOfAnyExcept((byte)0) < 0)
        {
            return false;
        }

        return key.SequenceCompareTo(Order) < 0;
    }

    /// <summary>The Ethereum address (EIP-55) of a private key.</summary>
    public static string AddressOf(ReadOnlySpan<byte> privateKey) => new EthECKey(privateKey.ToArray(), true).GetPublicAddress();

    /// <summary>Signs the digest: 65 bytes <c>r ‖ s ‖ v</c>.</summary>
    public static byte[] Sign(Bytes32 digest, ReadOnlySpan<byte> privateKey)
    {
        var key = new EthECKey(privateKey.ToArray(), true);
        var signature = key.SignAndCalculateV(digest.ToArray());
        var result = new byte[SignatureLength];
        CopyRightAligned(signature.R, result.AsSpan(0, 32));
        CopyRightAligned(signature.S, result.AsSpan(32, 32));
        var v = signature.V[^1];
        if (v < 27)
        {
            v += 27;
        }

        if (result.AsSpan(32, 32).SequenceCompareTo(HalfOrder) > 0)
        {
            // (r, n − s) with the other parity is the same signature; OpenZeppelin accepts only low s.
            var n = new BigInteger(Order, isUnsigned: true, isBigEndian: true);
            var s = new BigInteger(result.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
            var low = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
            result.AsSpan(32, 32).Clear();
            low.CopyTo(result.AsSpan(64 - low.Length, low.Length));
            v = v == 27 ? (byte)28 : (byte)27;
        }

        result[64] = v;
        return result;
    }

    /// <summary>Recovers the signer's address; false for malformed signatures (length, v, high or zero s, no point).</summary>
    public static bool TryRecover(Bytes32 digest, ReadOnlySpan<byte> signature, out string address)
    {
        address = string.Empty;
        if (signature.Length != SignatureLength)
        {
            return false;
        }

        var v = signature[64];
        var r = signature[..32];
        var s = signature[32..64];
        if ((v != 27 && v != 28) || s.SequenceCompareTo(HalfOrder) > 0 ||
            s.IndexOfAnyExcept((byte)0) < 0 || r.IndexOfAnyExcept((byte)0) < 0)
        {
            return false;
        }

        try
        {
            var sig = EthECDSASignatureFactory.FromComponents(r.ToArray(), s.ToArray(), v);
            address = EthECKey.RecoverFromSignature(sig, digest.ToArray()).GetPublicAddress();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or ArithmeticException)
        {
            return false;
        }
    }

    private static void CopyRightAligned(byte[] source, Span<byte> target)
    {
        var trimmed = source.AsSpan();
        while (trimmed.Length > target.Length && trimmed[0] == 0)
        {
            trimmed = trimmed[1..];
        }

        target.Clear();
        trimmed.CopyTo(target[(target.Length - trimmed.Length)..]);
    }
}
