namespace Otr.Attestation.Nvidia;

/// <summary>What a GPU attestation hands to the verifier.</summary>
/// <param name="Report">The attestation report: SPDM GET_MEASUREMENTS request ‖ MEASUREMENTS response (binary).</param>
/// <param name="CertificateChain">The device certificate chain, PEM, leaf first.</param>
public sealed record NvidiaGpuEvidence(byte[] Report, byte[] CertificateChain);
