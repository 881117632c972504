using System.Numerics;
using System.Text;
using Otr.Protocol;

namespace Otr.Attestation;

/// <summary>
/// The simulated TEE's evidence document (INSECURE, development only). Layout, 272 bytes:
/// <c>"OTR-SIMULATED-TEE-INSECURE"</c> (26 ASCII bytes) ‖ version <c>0x01</c> ‖ enclave address (20) ‖
/// measurement (32) ‖ weights root (32) ‖ registration nonce (uint256, 32) ‖ report data (64) ‖
/// dev-root signature (65, <c>r ‖ s ‖ v</c>) over <see cref="DevAttestation.Digest"/>.
/// Only the signature goes on chain (<see cref="AttestationEvidence.OnChainEvidence"/>).
/// </summary>
/// <param name="EnclaveAddress">The enclave key's address.</param>
/// <param name="Measurement">The attested measurement.</param>
/// <param name="WeightsRoot">The weights root the enclave loaded.</param>
/// <param name="RegistrationNonce">The registration nonce the report data commits to.</param>
/// <param name="ReportData">The 64 report-data bytes.</param>
/// <param name="Signature">The dev root key's 65-byte signature.</param>
public sealed record SimulatedEvidence(
    string EnclaveAddress,
    Bytes32 Measurement,
    Bytes32 WeightsRoot,
    BigInteger RegistrationNonce,
    byte[] ReportData,
    byte[] Signature)
{
    /// <summary>The layout version this type reads and writes.</summary>
    public const byte Version = 1;

    /// <summary>Total length of the document.</summary>
    public const int Length = MarkerLength + 1 + 20 + 32 + 32 + 32 + Attestation.ReportData.Length + Secp256k1.SignatureLength;

    private const int MarkerLength = 26;

    /// <summary>True when the bytes start with the simulated-TEE marker.</summary>
    /// <param name="evidence">Evidence bytes.</param>
    public static bool HasMarker(ReadOnlySpan<byte> evidence) =>
        evidence.StartsWith(Encoding.ASCII.GetBytes(DevAttestation.Marker));

    /// <summary>Writes the document.</summary>
    public byte[] ToBytes()
    {
        if (ReportData.Length != Attestation.ReportData.Length || Signature.Length != Secp256k1.SignatureLength)
        {
            throw new InvalidOperationException("simulated evidence needs 64 report-data bytes and a 65-byte signature");
        }

        var buffer = new byte[Length];
        var span = buffer.AsSpan();
        Encoding.ASCII.GetBytes(DevAttestation.Marker).CopyTo(span);
        var o = MarkerLength;
        span[o++] = Version;
        AbiWords.ParseAddress(EnclaveAddress).CopyTo(span[o..]);
        o += 20;
        Measurement.Span.CopyTo(span[o..]);
        o += 32;
        WeightsRoot.Span.CopyTo(span[o..]);
        o += 32;
        AbiWords.WriteUint256(span.Slice(o, 32), RegistrationNonce);
        o += 32;
        ReportData.CopyTo(span[o..]);
        o += Attestation.ReportData.Length;
        Signature.CopyTo(span[o..]);
        return buffer;
    }

    /// <summary>Reads a document; false when the marker, version or length is wrong.</summary>
    /// <param name="evidence">The document bytes.</param>
    /// <param name="result">The parsed document.</param>
    public static bool TryParse(ReadOnlySpan<byte> evidence, out SimulatedEvidence? result)
    {
        result = null;
        if (evidence.Length != Length || !HasMarker(evidence) || evidence[MarkerLength] != Version)
        {
            return false;
        }

        var o = MarkerLength + 1;
        var address = "0x" + Convert.ToHexStringLower(evidence.Slice(o, 20));
        o += 20;
        var measurement = new Bytes32(evidence.Slice(o, 32));
        o += 32;
        var weightsRoot = new Bytes32(evidence.Slice(o, 32));
        o += 32;
        var nonce = new BigInteger(evidence.Slice(o, 32), isUnsigned: true, isBigEndian: true);
        o += 32;
        var reportData = evidence.Slice(o, Attestation.ReportData.Length).ToArray();
        o += Attestation.ReportData.Length;
        var signature = evidence.Slice(o, Secp256k1.SignatureLength).ToArray();
        result = new SimulatedEvidence(address, measurement, weightsRoot, nonce, reportData, signature);
        return true;
    }
}
