using System.Numerics;
using Nethereum.Signer;

namespace Otr.Protocol;

/// <summary>
/// secp256k1 signatures over receipt digests in Ethereum's 65-byte form <c>r ‖ s ‖ v</c> with
/// <c>v ∈ {27, 28}</c> and low <c>s</c> (what OpenZeppelin's <c>ECDSA.recover</c> accepts).
/// Signing is deterministic (RFC 6979 nonces), so it needs no randomness.
/// </summary>
public static class ReceiptSigner
{
    /// <summary>Length of a signature in bytes.</summary>
    public const int SignatureLength = 65;

    private static readonly BigInteger CurveOrder = BigInteger.Parse(
        "0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
        System.Globalization.NumberStyles.HexNumber,
        System.Globalization.CultureInfo.InvariantCulture);

    private static readonly BigInteger HalfCurveOrder = CurveOrder / 2;

    /// <summary>Signs the digest: 65 bytes <c>r ‖ s ‖ v</c>, <c>v ∈ {27, 28}</c>, <c>s ≤ n/2</c>.</summary>
    /// <exception cref="ArgumentException">The private key is not 32 bytes in <c>[1, n)</c>.</exception>
    public static byte[] Sign(Bytes32 digest, byte[] privateKey)
    {
        var key = Key(privateKey);
        var ecdsa = key.SignAndCalculateV(digest.ToArray());
        var r = Unsigned(ecdsa.R);
        var s = Unsigned(ecdsa.S);
        var v = ecdsa.V[^1];
        if (s > HalfCurveOrder)
        {
            // (r, n − s) is the same signature with the other recovery parity.
            s = CurveOrder - s;
            v = v == 27 ? (byte)28 : (byte)27;
        }

        var signature = new byte[SignatureLength];
        WriteWord(signature.AsSpan(0, 32), r);
        WriteWord(signature.AsSpan(32, 32), s);
        signature[64] = v;
        return signature;
    }

    /// <summary>
    /// The checksummed 0x address whose key signed the digest, or null when the signature is
    /// malformed: not 65 bytes, <c>v ∉ {27, 28}</c>, <c>r</c> or <c>s</c> zero or out of range,
    /// high <c>s</c>, or no public key recoverable.
    /// </summary>
    public static string? Recover(Bytes32 digest, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureLength)
        {
            return null;
        }

        var v = signature[64];
        var r = Unsigned(signature[..32]);
        var s = Unsigned(signature[32..64]);
        if ((v != 27 && v != 28) || r.IsZero || r >= CurveOrder || s.IsZero || s > HalfCurveOrder)
        {
            return null;
        }

        try
        {
            var ecdsa = EthECDSASignatureFactory.FromComponents(signature[..32].ToArray(), signature[32..64].ToArray(), v);
            var publicKey = EthECKey.RecoverFromSignature(ecdsa, digest.ToArray()).GetPubKeyNoPrefix();
            return AddressOfPublicKey(publicKey);
        }
        catch (Exception)
        {
            // r is not the x coordinate of a curve point: no key signed this.
            return null;
        }
    }

    /// <summary>The checksummed 0x address of the key.</summary>
    /// <exception cref="ArgumentException">The private key is not 32 bytes in <c>[1, n)</c>.</exception>
    public static string AddressOf(byte[] privateKey) => AddressOfPublicKey(Key(privateKey).GetPubKeyNoPrefix());

    private static string AddressOfPublicKey(byte[] uncompressedNoPrefix) =>
        EthAddress.ToChecksum(Keccak.Hash(uncompressedNoPrefix).Span[12..]);

    private static EthECKey Key(byte[] privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        if (privateKey.Length != 32)
        {
            throw new ArgumentException($"a private key is 32 bytes, got {privateKey.Length}", nameof(privateKey));
        }

        var scalar = Unsigned(privateKey);
        if (scalar.IsZero || scalar >= CurveOrder)
        {
            throw new ArgumentException("the private key is not in [1, n)", nameof(privateKey));
        }

        return new EthECKey(privateKey, true);
    }

    private static BigInteger Unsigned(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static void WriteWord(Span<byte> word, BigInteger value)
    {
        word.Clear();
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(word[(32 - length)..], out _, isUnsigned: true, isBigEndian: true);
    }
}
