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

    /// <summary>Signs the digest: 65 bytes <c>r ‖ s ‖ v</c>.</summary>
    public static byte[] Sign(Bytes32 digest, ReadOnlySpan<byte> privateKey) => ReceiptSigner.Sign(digest, privateKey.ToArray());

    /// <summary>Recovers the signer's address; false for malformed signatures (length, v, high or zero s, no point).</summary>
    public static bool TryRecover(Bytes32 digest, ReadOnlySpan<byte> signature, out string address)
    {
        address = ReceiptSigner.Recover(digest, signature) ?? string.Empty;
        return address.Length != 0;
    }
}
