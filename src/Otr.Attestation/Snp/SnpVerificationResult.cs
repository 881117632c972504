using Otr.Attestation.Verification;

namespace Otr.Attestation.Snp;

/// <summary>Everything <see cref="SnpVerifier"/> established, with the parsed report for policies that need more fields.</summary>
/// <param name="Evidence">The common verification result.</param>
/// <param name="Report">The verified report.</param>
/// <param name="KeyCertificate">The VCEK or VLEK that signed it.</param>
/// <param name="Product">The product the chain was verified for.</param>
/// <param name="ReportedTcb">The report's REPORTED_TCB, equal to the certificate's TCB.</param>
/// <param name="RuntimeClaims">For an Azure HCL report, the runtime claims bound by the report data; otherwise null.</param>
public sealed record SnpVerificationResult(
    VerifiedEvidence Evidence,
    SnpAttestationReport Report,
    AmdKeyCertificate KeyCertificate,
    SnpProduct Product,
    SnpTcbVersion ReportedTcb,
    byte[]? RuntimeClaims);
