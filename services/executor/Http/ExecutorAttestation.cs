namespace Otr.Executor.Http;

/// <summary>Body of <c>GET /v1/attestation</c>: the evidence the executor registered with.</summary>
/// <param name="Tee">TEE kind, e.g. <c>simulated</c>.</param>
/// <param name="Insecure">True when the evidence proves nothing about hardware (simulated).</param>
/// <param name="EnclaveAddress">The attested enclave key.</param>
/// <param name="Measurement">The attested measurement, 0x-hex.</param>
/// <param name="WeightsRoot">The weights root the report data commits to, 0x-hex.</param>
/// <param name="RegistrationNonce">The nonce the report data commits to (decimal).</param>
/// <param name="ReportData">The 64 report-data bytes, 0x-hex.</param>
/// <param name="Evidence">The full evidence document, 0x-hex (simulated: starts with the ASCII marker <c>OTR-SIMULATED-TEE-INSECURE</c>).</param>
/// <param name="OnChainEvidence">The bytes handed to the registry's attestation verifier, 0x-hex.</param>
public sealed record ExecutorAttestation(
    string Tee,
    bool Insecure,
    string EnclaveAddress,
    string Measurement,
    string WeightsRoot,
    string RegistrationNonce,
    string ReportData,
    string Evidence,
    string OnChainEvidence);
