using System.Numerics;
using Otr.Attestation.Policy;
using Otr.Attestation.Verification;
using Otr.Protocol;

namespace Otr.Attestation.Committee;

/// <summary>What an executor asks a committee member to approve.</summary>
/// <param name="Kind">The TEE kind of the evidence.</param>
/// <param name="Evidence">The raw hardware evidence (quote, report, or simulated document).</param>
/// <param name="Certificates">SEV-SNP: the VCEK/VLEK and its chain; empty otherwise.</param>
/// <param name="EnclaveKey">The enclave key the evidence must bind (0x address).</param>
/// <param name="RegistrationNonce">The registration nonce the evidence must bind.</param>
/// <param name="ApprovedAt">
/// The approval time every member of one registration signs (members sign the same statement, so they must agree on
/// it); null: the member's own clock.
/// </param>
public sealed record CommitteeRequest(TeeKind Kind, byte[] Evidence, byte[] Certificates, string EnclaveKey, BigInteger RegistrationNonce, ulong? ApprovedAt = null);

/// <summary>A member's signed approval.</summary>
/// <param name="Approval">The statement.</param>
/// <param name="Signature">The member's 65-byte signature over its EIP-712 digest.</param>
/// <param name="Member">The member's address.</param>
/// <param name="Evidence">What the hardware verifier established.</param>
public sealed record CommitteeDecision(CommitteeApproval Approval, byte[] Signature, string Member, VerifiedEvidence Evidence);

/// <summary>
/// One member of the off-chain attestation committee: verifies an executor's hardware evidence (signatures, chains to
/// the vendor roots, CRLs, TCB from collateral), applies the model's policy, checks that the report data binds the
/// enclave key, the model's <b>registered</b> weights root and the registration nonce, and signs the
/// <see cref="CommitteeApproval"/> that <c>CommitteeAttestationVerifier</c> checks on L1. An executor that loaded other
/// weights produced evidence binding another weights root, so it is refused with <c>report-data-mismatch</c>.
/// Pure apart from the key: the caller passes the time.
/// </summary>
public sealed class CommitteeMember
{
    /// <summary>Reason code when the requested approval time is too far from the member's clock.</summary>
    public const string ApprovalTimeSkewedReason = "approval-time-skewed";

    /// <summary>Reason code for a request that is malformed (enclave key, nonce).</summary>
    public const string RequestInvalidReason = "request-invalid";

    /// <summary>How far a requested approval time may be from the member's clock.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private readonly byte[] _key;
    private readonly HardwareEvidenceVerifier _hardware;

    /// <summary>Creates a member.</summary>
    /// <param name="memberKey">The member's secp256k1 private key (32 bytes).</param>
    /// <param name="chainId">Chain id of the approval domain.</param>
    /// <param name="verifierContract">The <c>CommitteeAttestationVerifier</c> address of the approval domain.</param>
    /// <param name="hardware">The hardware verifier with the deployment's roots and collateral.</param>
    public CommitteeMember(ReadOnlySpan<byte> memberKey, ulong chainId, string verifierContract, HardwareEvidenceVerifier hardware)
    {
        if (memberKey.Length != 32)
        {
            throw new ArgumentException("a member key is 32 bytes", nameof(memberKey));
        }

        if (!AbiWords.TryParseAddress(verifierContract, out _))
        {
            throw new ArgumentException($"'{verifierContract}' is not an address", nameof(verifierContract));
        }

        _key = memberKey.ToArray();
        Address = Secp256k1.AddressOf(_key);
        ChainId = chainId;
        VerifierContract = verifierContract;
        _hardware = hardware ?? throw new ArgumentNullException(nameof(hardware));
    }

    /// <summary>The member's address (what the contract's member list holds).</summary>
    public string Address { get; }

    /// <summary>The chain id approvals are signed for.</summary>
    public ulong ChainId { get; }

    /// <summary>The verifier contract approvals are signed for.</summary>
    public string VerifierContract { get; }

    /// <summary>Verifies and, when everything holds, signs.</summary>
    /// <param name="request">The executor's request.</param>
    /// <param name="model">The model's policy and registered weights root.</param>
    /// <param name="now">The member's clock.</param>
    /// <exception cref="AttestationRejectedException">The first check that fails, with its reason.</exception>
    public CommitteeDecision Approve(CommitteeRequest request, ModelAttestationPolicy model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        if (!AbiWords.TryParseAddress(request.EnclaveKey, out _))
        {
            throw new AttestationRejectedException(RequestInvalidReason, $"enclave key '{request.EnclaveKey}' is not an address");
        }

        if (request.RegistrationNonce.Sign < 0 || request.RegistrationNonce.GetByteCount(isUnsigned: true) > 32)
        {
            throw new AttestationRejectedException(RequestInvalidReason, $"registration nonce {request.RegistrationNonce} is not a uint256");
        }

        var nowSeconds = (ulong)now.ToUnixTimeSeconds();
        var approvedAt = request.ApprovedAt ?? nowSeconds;
        var skew = TimeSpan.FromSeconds(Math.Abs((double)approvedAt - nowSeconds));
        if (skew > MaxClockSkew)
        {
            throw new AttestationRejectedException(
                ApprovalTimeSkewedReason, $"requested approval time {approvedAt} is {skew.TotalSeconds:F0} s from this member's clock ({nowSeconds}); at most {MaxClockSkew.TotalSeconds:F0} s");
        }

        var verified = _hardware.Verify(request.Kind, request.Evidence, request.Certificates, now);
        AttestationPolicyEvaluator.Enforce(verified, model.Policy, new ReportData(request.EnclaveKey, model.WeightsRoot, request.RegistrationNonce), now);
        var measurement = verified.Kind == TeeKind.Simulated
            ? Bytes32.Parse("0x" + verified.Measurements["measurement"])
            : MeasurementDigest.Of(verified.Kind, verified.Measurements);
        var approval = new CommitteeApproval(request.EnclaveKey, measurement, model.WeightsRoot, Keccak.Hash(request.Evidence), approvedAt);
        return new CommitteeDecision(approval, approval.Sign(_key, ChainId, VerifierContract), Address, verified);
    }
}
