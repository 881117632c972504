using Otr.Protocol;

namespace Otr.Attestation;

/// <summary>
/// Attestation evidence produced by a TEE backend for one registration.
/// </summary>
/// <param name="Kind">The TEE kind that produced it.</param>
/// <param name="Bytes">
/// The full evidence document (for real TEEs the quote or report; for the simulated TEE the
/// <see cref="SimulatedEvidence"/> layout, which starts with the ASCII marker
/// <see cref="DevAttestation.Marker"/>).
/// </param>
/// <param name="Measurement">The measurement the evidence attests.</param>
/// <param name="ReportData">The 64 report-data bytes the evidence commits to (see <see cref="Attestation.ReportData"/>).</param>
/// <param name="OnChainEvidence">
/// The bytes passed as <c>evidence</c> to the registry's <c>IAttestationVerifier.verify</c>. For the
/// simulated TEE these are only the 65-byte dev-root signature, which is what
/// <c>DevAttestationVerifier.sol</c> reads.
/// </param>
public sealed record AttestationEvidence(
    TeeKind Kind,
    byte[] Bytes,
    Bytes32 Measurement,
    byte[] ReportData,
    byte[] OnChainEvidence)
{
    /// <summary>
    /// Certificates the verifier needs with the document: for SEV-SNP the VCEK or VLEK first, then the ASK/ARK, as PEM
    /// (from the host's certificate table); empty for the other kinds.
    /// </summary>
    public byte[] Certificates { get; init; } = [];
}
