namespace Otr.Attestation.Dcap;

/// <summary>
/// The stable reason codes (<see cref="Verification.AttestationRejectedException.Reason"/>) of the Intel DCAP
/// parser and verifier, one per failure. <c>docs/attestation-dcap.md</c> explains each.
/// </summary>
public static class DcapReasons
{
    /// <summary>The quote ends before a field that its structure says is there.</summary>
    public const string QuoteTruncated = "quote-truncated";

    /// <summary>The quote version is not 3, 4 or 5.</summary>
    public const string QuoteVersionUnsupported = "quote-version-unsupported";

    /// <summary>The attestation key type is not 2 (ECDSA-256 with P-256).</summary>
    public const string QuoteKeyTypeUnsupported = "quote-key-type-unsupported";

    /// <summary>The TEE type is neither SGX (0x00) nor TDX (0x81), or does not fit the quote version or body.</summary>
    public const string QuoteTeeTypeUnsupported = "quote-tee-type-unsupported";

    /// <summary>A v5 quote names a body type other than 1 (SGX), 2 (TDX 1.0) or 3 (TDX 1.5), or a body size that does not fit it.</summary>
    public const string QuoteBodyTypeUnsupported = "quote-body-type-unsupported";

    /// <summary>A length or type inside the signature data is inconsistent (sizes that do not add up, a wrong nesting).</summary>
    public const string QuoteMalformed = "quote-malformed";

    /// <summary>The certification data type is not one the verifier handles (6 → 5 for v4/v5, 5 for v3).</summary>
    public const string CertificationDataUnsupported = "certification-data-unsupported";

    /// <summary>The ECDSA signature over header and body does not verify with the attestation key.</summary>
    public const string QuoteSignatureInvalid = "quote-signature-invalid";

    /// <summary>The attestation key is not a valid P-256 point.</summary>
    public const string AttestationKeyInvalid = "attestation-key-invalid";

    /// <summary>The QE report signature does not verify with the PCK certificate's key.</summary>
    public const string QeReportSignatureInvalid = "qe-report-signature-invalid";

    /// <summary>QE report data is not SHA-256(attestation key ‖ QE authentication data) followed by 32 zero bytes.</summary>
    public const string QeReportNotBound = "qe-report-not-bound";

    /// <summary>The PCK certificate chain in the quote cannot be read or is not a well-formed chain (issuer names, signatures, CA flags).</summary>
    public const string PckChainInvalid = "pck-chain-invalid";

    /// <summary>The PCK chain does not end in the pinned Intel SGX Root CA.</summary>
    public const string PckChainUntrustedRoot = "pck-chain-untrusted-root";

    /// <summary>The PCK certificate lacks the Intel SGX extensions, or they are malformed.</summary>
    public const string PckExtensionsInvalid = "pck-extensions-invalid";

    /// <summary>A certificate (PCK chain, TCB signing chain or root) is not valid at the verification time.</summary>
    public const string CertificateExpired = "certificate-expired";

    /// <summary>A certificate is listed in the PCK CRL or the root CA CRL.</summary>
    public const string CertificateRevoked = "certificate-revoked";

    /// <summary>A CRL cannot be parsed, is not signed by its issuer, or its issuer is not the expected CA.</summary>
    public const string CrlInvalid = "crl-invalid";

    /// <summary>A CRL is not current at the verification time (before thisUpdate or after nextUpdate).</summary>
    public const string CrlExpired = "crl-expired";

    /// <summary>The collateral files are missing a part, or a part cannot be read (bad JSON, hex, PEM or DER).</summary>
    public const string CollateralInvalid = "collateral-invalid";

    /// <summary>The TCB info or QE identity issuer chain is not the Intel SGX TCB Signing certificate under the pinned root.</summary>
    public const string TcbSigningChainInvalid = "tcb-signing-chain-invalid";

    /// <summary>The TCB info signature does not verify over the exact bytes of the tcbInfo value.</summary>
    public const string TcbInfoSignatureInvalid = "tcb-info-signature-invalid";

    /// <summary>The TCB info JSON lacks a required field or has a field of the wrong form.</summary>
    public const string TcbInfoInvalid = "tcb-info-invalid";

    /// <summary>The TCB info is not valid at the verification time (before issueDate or after nextUpdate).</summary>
    public const string TcbInfoExpired = "tcb-info-expired";

    /// <summary>The TCB info is for another TEE (SGX vs TDX) or a version this verifier does not evaluate.</summary>
    public const string TcbInfoMismatch = "tcb-info-mismatch";

    /// <summary>The FMSPC of the TCB info differs from the PCK certificate's.</summary>
    public const string FmspcMismatch = "fmspc-mismatch";

    /// <summary>The PCE id of the TCB info differs from the PCK certificate's.</summary>
    public const string PceIdMismatch = "pceid-mismatch";

    /// <summary>No TCB level of the TCB info is at or below the platform's TCB (Intel: TCB not supported).</summary>
    public const string TcbLevelNotFound = "tcb-level-not-found";

    /// <summary>The TCB level that matches, or the converged status, is Revoked.</summary>
    public const string TcbRevoked = "tcb-revoked";

    /// <summary>The TD report's MRSIGNERSEAM / SEAMATTRIBUTES do not match the TDX module identity, or none exists for its version.</summary>
    public const string TdxModuleMismatch = "tdx-module-mismatch";

    /// <summary>The QE identity signature does not verify over the exact bytes of the enclaveIdentity value.</summary>
    public const string QeIdentitySignatureInvalid = "qe-identity-signature-invalid";

    /// <summary>The QE identity JSON lacks a required field or has a field of the wrong form.</summary>
    public const string QeIdentityInvalid = "qe-identity-invalid";

    /// <summary>The QE identity is not valid at the verification time.</summary>
    public const string QeIdentityExpired = "qe-identity-expired";

    /// <summary>The QE report does not match the QE identity (MRSIGNER, ISVPRODID, MISCSELECT or attributes under mask, or the identity is for another QE).</summary>
    public const string QeIdentityMismatch = "qe-identity-mismatch";

    /// <summary>No QE identity TCB level is at or below the QE's ISVSVN.</summary>
    public const string QeTcbLevelNotFound = "qe-tcb-level-not-found";

    /// <summary>The report data in a verified quote is not the expected value (see <see cref="DcapVerifier.RequireReportData"/>).</summary>
    public const string ReportDataMismatch = "report-data-mismatch";
}
