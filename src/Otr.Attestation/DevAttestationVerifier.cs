using Otr.Protocol;

namespace Otr.Attestation;

/// <summary>
/// Off-chain twin of <c>contracts/src/DevAttestationVerifier.sol</c> (INSECURE, development only):
/// accepts evidence signed by the configured dev root key for (enclave key, measurement, weights
/// root). Used by the sequencer, challenger and CLI to check a registration without a chain call.
/// </summary>
public sealed class DevAttestationVerifier
{
    /// <summary>Creates a verifier that trusts one dev root key.</summary>
    /// <param name="devRootAddress">The dev root key's address (as deployed on chain).</param>
    public DevAttestationVerifier(string devRootAddress)
    {
        if (!AbiWords.TryParseAddress(devRootAddress, out _))
        {
            throw new ArgumentException($"'{devRootAddress}' is not an Ethereum address", nameof(devRootAddress));
        }

        DevRootAddress = devRootAddress;
    }

    /// <summary>A verifier for the well-known devnet dev root key.</summary>
    public static DevAttestationVerifier WellKnown { get; } = new(DevAttestation.WellKnownDevRootAddress);

    /// <summary>The trusted dev root key's address.</summary>
    public string DevRootAddress { get; }

    /// <summary>True when <see cref="Check"/> finds nothing wrong.</summary>
    /// <param name="evidence">The 65-byte on-chain evidence, or a full <see cref="SimulatedEvidence"/> document.</param>
    /// <param name="enclaveKey">The enclave key's address.</param>
    /// <param name="measurement">The measurement.</param>
    /// <param name="weightsRoot">The model's weights root.</param>
    public bool Verify(ReadOnlySpan<byte> evidence, string enclaveKey, Bytes32 measurement, Bytes32 weightsRoot) =>
        Check(evidence, enclaveKey, measurement, weightsRoot) is null;

    /// <summary>
    /// Checks evidence and says what is wrong, or returns null when it is accepted. Accepts what the
    /// Solidity verifier accepts (a 65-byte low-s signature with v 27/28 by the dev root key over
    /// <see cref="DevAttestation.Digest"/>) and also the full simulated document, whose enclave key,
    /// measurement, weights root and report data must then match too.
    /// </summary>
    /// <param name="evidence">The 65-byte on-chain evidence, or a full <see cref="SimulatedEvidence"/> document.</param>
    /// <param name="enclaveKey">The enclave key's address.</param>
    /// <param name="measurement">The measurement.</param>
    /// <param name="weightsRoot">The model's weights root.</param>
    public string? Check(ReadOnlySpan<byte> evidence, string enclaveKey, Bytes32 measurement, Bytes32 weightsRoot)
    {
        if (!AbiWords.TryParseAddress(enclaveKey, out _))
        {
            return $"'{enclaveKey}' is not an Ethereum address";
        }

        var signature = evidence;
        if (SimulatedEvidence.HasMarker(evidence))
        {
            if (!SimulatedEvidence.TryParse(evidence, out var document))
            {
                return $"simulated evidence document is malformed (expected {SimulatedEvidence.Length} bytes, version {SimulatedEvidence.Version})";
            }

            if (!SameAddress(document!.EnclaveAddress, enclaveKey))
            {
                return $"evidence is for enclave key {document.EnclaveAddress}, not {enclaveKey}";
            }

            if (document.Measurement != measurement)
            {
                return $"evidence attests measurement {document.Measurement}, not {measurement}";
            }

            if (document.WeightsRoot != weightsRoot)
            {
                return $"evidence attests weights root {document.WeightsRoot}, not {weightsRoot}";
            }

            var expected = new ReportData(enclaveKey, weightsRoot, document.RegistrationNonce).ToBytes();
            if (!expected.AsSpan().SequenceEqual(document.ReportData))
            {
                return "evidence report data does not commit to the enclave key, weights root and nonce";
            }

            signature = evidence.Slice(SimulatedEvidence.Length - Secp256k1.SignatureLength);
        }

        if (signature.Length != Secp256k1.SignatureLength)
        {
            return $"dev attestation evidence must be a {Secp256k1.SignatureLength}-byte signature, got {signature.Length} bytes";
        }

        if (!Secp256k1.TryRecover(DevAttestation.Digest(enclaveKey, measurement, weightsRoot), signature, out var signer))
        {
            return "dev attestation signature is malformed (bad v, high or zero s, or not a curve point)";
        }

        return SameAddress(signer, DevRootAddress)
            ? null
            : $"dev attestation is signed by {signer}, not by the trusted dev root key {DevRootAddress}";
    }

    private static bool SameAddress(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
