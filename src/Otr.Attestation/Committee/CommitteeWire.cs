namespace Otr.Attestation.Committee;

/// <summary>
/// Body of <c>POST /v1/approvals</c> on a committee member (JSON, camelCase): what an executor sends to be approved.
/// Byte fields are 0x-hex.
/// </summary>
/// <param name="Model">The model name the executor registers for.</param>
/// <param name="Tee">The TEE kind (<c>IntelTdx</c>, <c>IntelSgx</c>, <c>AmdSevSnp</c>, <c>Simulated</c>).</param>
/// <param name="Evidence">The raw evidence: quote, report or simulated document.</param>
/// <param name="Certificates">SEV-SNP: the VCEK/VLEK and its chain (PEM or DER); null otherwise.</param>
/// <param name="EnclaveKey">The enclave key address.</param>
/// <param name="RegistrationNonce">The registration nonce as a decimal string.</param>
/// <param name="ApprovedAt">Unix seconds all members sign (the executor chooses it once per registration); null: the member's clock.</param>
public sealed record ApprovalRequestBody(string? Model, string? Tee, string? Evidence, string? Certificates, string? EnclaveKey, string? RegistrationNonce, ulong? ApprovedAt);

/// <summary>A member's answer to <c>POST /v1/approvals</c>: the approval it signed and its signature.</summary>
/// <param name="Member">The member's address.</param>
/// <param name="EnclaveKey">The approved enclave key.</param>
/// <param name="Measurement">The bytes32 measurement (registered on L1).</param>
/// <param name="WeightsRoot">The model's registered weights root the evidence binds.</param>
/// <param name="EvidenceHash">keccak of the evidence.</param>
/// <param name="ApprovedAt">Unix seconds of the approval.</param>
/// <param name="Signature">The member's 65-byte signature (0x-hex).</param>
/// <param name="ChainId">Chain id of the approval domain.</param>
/// <param name="Verifier">The <c>CommitteeAttestationVerifier</c> of the approval domain.</param>
/// <param name="TcbStatus">The TCB status the hardware verifier reported.</param>
public sealed record ApprovalResponseBody(
    string Member, string EnclaveKey, string Measurement, string WeightsRoot, string EvidenceHash, ulong ApprovedAt, string Signature, ulong ChainId, string Verifier, string TcbStatus);
