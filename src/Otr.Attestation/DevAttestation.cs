using System.Text;
using Otr.Protocol;

namespace Otr.Attestation;

/// <summary>
/// Constants and the signed statement of the development attestation scheme (INSECURE): a dev root
/// key "attests" an enclave key by signing
/// <c>keccak256(abi.encode("OTR-DEV-ATTESTATION", address enclaveKey, bytes32 measurement, bytes32 weightsRoot))</c>,
/// exactly what <c>contracts/src/DevAttestationVerifier.sol</c> checks. Whoever holds the dev root
/// key can register any key for any model; it proves nothing about hardware.
/// </summary>
public static class DevAttestation
{
    /// <summary>ASCII marker at the start of every simulated evidence document.</summary>
    public const string Marker = "OTR-SIMULATED-TEE-INSECURE";

    /// <summary>Domain tag of the signed attestation statement (<c>ATTESTATION_TAG</c> in Solidity).</summary>
    public const string Tag = "OTR-DEV-ATTESTATION";

    /// <summary>The string whose keccak is the simulated executor's fixed measurement.</summary>
    public const string MeasurementSeed = "otr-executor-dev";

    /// <summary>
    /// The well-known development dev root private key, <c>keccak256("otr-dev-root-key")</c>. Public
    /// on purpose: the devnet deploys <c>DevAttestationVerifier</c> with its address
    /// (<see cref="WellKnownDevRootAddress"/>). Never use it where stake or fees have value.
    /// </summary>
    public static readonly Bytes32 WellKnownDevRootKey = Keccak.Hash(Encoding.ASCII.GetBytes("otr-dev-root-key"));

    /// <summary>The address of <see cref="WellKnownDevRootKey"/>.</summary>
    public static readonly string WellKnownDevRootAddress = Secp256k1.AddressOf(WellKnownDevRootKey.Span);

    /// <summary>The simulated executor's fixed measurement, <c>keccak256("otr-executor-dev")</c>.</summary>
    public static readonly Bytes32 Measurement = Keccak.Hash(Encoding.ASCII.GetBytes(MeasurementSeed));

    /// <summary>The address of a secp256k1 private key (32 bytes), e.g. to configure the on-chain verifier with a dev root key.</summary>
    /// <param name="privateKey">The private key.</param>
    public static string AddressOf(ReadOnlySpan<byte> privateKey) => Secp256k1.AddressOf(privateKey);

    /// <summary>
    /// <c>keccak256(abi.encode("OTR-DEV-ATTESTATION", enclaveKey, measurement, weightsRoot))</c> — the
    /// digest the dev root key signs (plainly, without an <c>eth_sign</c> prefix).
    /// </summary>
    /// <param name="enclaveKey">The enclave key's address.</param>
    /// <param name="measurement">The executor measurement.</param>
    /// <param name="weightsRoot">The model's weights root.</param>
    public static Bytes32 Digest(string enclaveKey, Bytes32 measurement, Bytes32 weightsRoot)
    {
        // abi.encode(string, address, bytes32, bytes32): four head words (the string's is its offset
        // 0x80), then the string's length word and its bytes right-padded to a whole word.
        var tag = Encoding.ASCII.GetBytes(Tag);
        var buffer = new byte[(4 + 1 + ((tag.Length + 31) / 32)) * 32];
        buffer[31] = 0x80;
        AbiWords.WriteAddress(buffer.AsSpan(32, 32), enclaveKey);
        measurement.Span.CopyTo(buffer.AsSpan(64, 32));
        weightsRoot.Span.CopyTo(buffer.AsSpan(96, 32));
        AbiWords.WriteUint256(buffer.AsSpan(128, 32), tag.Length);
        tag.CopyTo(buffer.AsSpan(160));
        return Keccak.Hash(buffer);
    }

    /// <summary>Signs the attestation statement with a dev root key: the 65-byte evidence <c>DevAttestationVerifier.sol</c> accepts.</summary>
    /// <param name="devRootKey">The dev root private key (32 bytes).</param>
    /// <param name="enclaveKey">The enclave key's address.</param>
    /// <param name="measurement">The executor measurement.</param>
    /// <param name="weightsRoot">The model's weights root.</param>
    public static byte[] Sign(ReadOnlySpan<byte> devRootKey, string enclaveKey, Bytes32 measurement, Bytes32 weightsRoot) =>
        Secp256k1.Sign(Digest(enclaveKey, measurement, weightsRoot), devRootKey);
}
