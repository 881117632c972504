using System.Numerics;
using NBitcoin.Secp256k1;

namespace Otr.Protocol;

/// <summary>
/// secp256k1 signatures over receipt digests in Ethereum's 65-byte form <c>r ‖ s ‖ v</c> with
/// <c>v ∈ {27, 28}</c> and low <c>s</c> (what OpenZeppelin's <c>ECDSA.recover</c> accepts).
/// Signing is deterministic (RFC 6979 nonces), so it needs no randomness.
/// </summary>
/// <remarks>
/// Uses NBitcoin.Secp256k1 (the managed libsecp256k1 port that Nethereum.Signer itself depends on):
/// it signs with the recovery id in one step, where Nethereum's <c>EthECKey.SignAndCalculateV</c>
/// tries up to four public-key recoveries per signature (tens of milliseconds).
/// </remarks>
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
        using var key = Key(privateKey);
        if (!key.TrySignRecoverable(digest.Span, out var recoverable) || recoverable is null)
        {
            throw new InvalidOperationException("secp256k1 signing failed");
        }

        var signature = new byte[SignatureLength];
        recoverable.WriteToSpanCompact(signature.AsSpan(0, 64), out var recoveryId);
        var s = Unsigned(signature.AsSpan(32, 32));
        if (s > HalfCurveOrder)
        {
            // libsecp256k1 already normalises; kept so the low-s promise never depends on it.
            // (r, n − s) is the same signature with the other recovery parity.
            WriteWord(signature.AsSpan(32, 32), CurveOrder - s);
            recoveryId ^= 1;
        }

        if (recoveryId > 1)
        {
            // r ≥ n: probability about 2^-127, and Ethereum's v cannot express it.
            throw new InvalidOperationException("the signature's recovery id cannot be expressed as v ∈ {27, 28}");
        }

        signature[64] = (byte)(27 + recoveryId);
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

        if (!SecpRecoverableECDSASignature.TryCreateFromCompact(signature[..64], v - 27, out var recoverable)
            || recoverable is null
            || !ECPubKey.TryRecover(Context.Instance, recoverable, digest.Span, out var publicKey)
            || publicKey is null)
        {
            // r is not the x coordinate of a curve point: no key signed this.
            return null;
        }

        return AddressOf(publicKey);
    }

    /// <summary>The checksummed 0x address of the key.</summary>
    /// <exception cref="ArgumentException">The private key is not 32 bytes in <c>[1, n)</c>.</exception>
    public static string AddressOf(byte[] privateKey)
    {
        using var key = Key(privateKey);
        return AddressOf(key.CreatePubKey());
    }

    private static string AddressOf(ECPubKey publicKey)
    {
        Span<byte> uncompressed = stackalloc byte[65];
        publicKey.WriteToSpan(false, uncompressed, out _);
        return EthAddress.ToChecksum(Keccak.Hash(uncompressed[1..]).Span[12..]);
    }

    private static ECPrivKey Key(byte[] privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        if (privateKey.Length != 32)
        {
            throw new ArgumentException($"a private key is 32 bytes, got {privateKey.Length}", nameof(privateKey));
        }

        if (!ECPrivKey.TryCreate(privateKey, out var key) || key is null)
        {
            throw new ArgumentException("the private key is not in [1, n)", nameof(privateKey));
        }

        return key;
    }

    private static BigInteger Unsigned(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static void WriteWord(Span<byte> word, BigInteger value)
    {
        word.Clear();
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(word[(32 - length)..], out _, isUnsigned: true, isBigEndian: true);
    }
}
