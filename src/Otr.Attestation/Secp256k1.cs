using System.Security.Cryptography;
using Otr.Protocol;

namespace Otr.Attestation;

/// <summary>
/// Key generation for the TEE backends, and the Ethereum signature rules of
/// <see cref="ReceiptSigner"/> (65 bytes <c>r ‖ s ‖ v</c>, <c>v ∈ {27, 28}</c>, low s, plain digest),
/// which OpenZeppelin's <c>ECDSA.tryRecover</c> also applies.
/// </summary>
public static class Secp256k1
{
    /// <summary>Length of a signature.</summary>
    public const int SignatureLength = ReceiptSigner.SignatureLength;

    // The curve order n: a private key must be in [1, n).
    private static readonly byte[] Order = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

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
    public static bool IsValidKey(ReadOnlySpan<byte> key) =>
        key.Length == 32 && key.IndexOfAnyExcept((byte)0) >= 0 && key.SequenceCompareTo(Order) < 0;

    /// <summary>The Ethereum address (EIP-55) of a private key.</summary>
    public static string AddressOf(ReadOnlySpan<byte> privateKey) => ReceiptSigner.AddressOf(privateKey.ToArray());

    /// <summary>
    /// Signs the digest: 65 bytes <c>r ‖ s ‖ v</c>. Uses the native libsecp256k1 (bitcoin-core, through Secp256k1.Net:
    /// ~8× faster than the managed port, and the receipt path signs once per request) and falls back to
    /// <see cref="ReceiptSigner.Sign"/> (NBitcoin.Secp256k1) where the native library cannot load. Both are RFC 6979
    /// deterministic with low s, so they produce the same bytes (a differential test holds them to it).
    /// </summary>
    public static byte[] Sign(Bytes32 digest, ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32 || !IsValidKey(privateKey))
        {
            throw new ArgumentException("a private key is 32 bytes in [1, n)", nameof(privateKey));
        }

        if (NativeAvailable)
        {
            try
            {
                var (compact, recoveryId) = Secp256k1Net.Secp256k1.SignRecoverable(digest.Span, privateKey);
                if (recoveryId > 1)
                {
                    // r ≥ n: probability about 2^-127, and Ethereum's v cannot express it.
                    throw new InvalidOperationException("the signature's recovery id cannot be expressed as v ∈ {27, 28}");
                }

                var signature = new byte[SignatureLength];
                compact.CopyTo(signature, 0);
                signature[64] = (byte)(27 + recoveryId);
                return signature;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException)
            {
                NativeAvailable = false;
            }
        }

        return ReceiptSigner.Sign(digest, privateKey.ToArray());
    }

    /// <summary>False once the native libsecp256k1 failed to load on this platform (signing then uses the managed port).</summary>
    public static bool NativeAvailable { get; private set; } = true;

    /// <summary>Signs with the managed port only (NBitcoin.Secp256k1; the reference the native path is tested against).</summary>
    public static byte[] SignManaged(Bytes32 digest, ReadOnlySpan<byte> privateKey) => ReceiptSigner.Sign(digest, privateKey.ToArray());

    /// <summary>Recovers the signer's address; false for malformed signatures (length, v, high or zero s, no point).</summary>
    public static bool TryRecover(Bytes32 digest, ReadOnlySpan<byte> signature, out string address)
    {
        address = ReceiptSigner.Recover(digest, signature) ?? string.Empty;
        return address.Length != 0;
    }
}
