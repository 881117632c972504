namespace Otr.Attestation.Verification;

/// <summary>
/// What a hardware verifier established about one piece of evidence after every signature, certificate chain,
/// revocation list and TCB check passed. Policies (allowed measurements, minimum TCB, debug, freshness) are decided
/// on this, separately from parsing and cryptography.
/// </summary>
/// <param name="Kind">The TEE technology.</param>
/// <param name="Measurements">
/// Named measurement registers as lower-case hex without <c>0x</c>: <c>mrtd</c>, <c>rtmr0</c>..<c>rtmr3</c> (TDX),
/// <c>mrenclave</c>, <c>mrsigner</c> (SGX), <c>measurement</c>, <c>host_data</c> (SEV-SNP), <c>measurement_N</c> (GPU).
/// </param>
/// <param name="ReportData">The report data the hardware signed (64 bytes for TDX, SGX and SEV-SNP; the SPDM nonce for GPUs).</param>
/// <param name="TcbStatus">The platform's TCB status in the vendor's terms (for Intel: UpToDate, SWHardeningNeeded, ConfigurationNeeded, OutOfDate, Revoked, ...).</param>
/// <param name="Debug">True when the enclave, TD or guest runs with debugging enabled (its memory is not confidential).</param>
/// <param name="VerifiedAt">The instant the certificates, CRLs and collateral were checked as valid at.</param>
/// <param name="Advisories">Security advisory identifiers attached to the TCB level, if any.</param>
public sealed record VerifiedEvidence(
    TeeKind Kind,
    IReadOnlyDictionary<string, string> Measurements,
    byte[] ReportData,
    string TcbStatus,
    bool Debug,
    DateTimeOffset VerifiedAt,
    IReadOnlyList<string> Advisories)
{
    /// <summary>
    /// A number that orders the platform's TCB, where the verifier can give one: for Intel the TCB evaluation data
    /// number of the collateral the quote was rated with (Intel raises it at every TCB recovery), for AMD SEV-SNP the SNP
    /// firmware SVN of REPORTED_TCB. Null when the verifier has none (simulated TEE, GPU).
    /// </summary>
    public int? TcbLevel { get; init; }
}
