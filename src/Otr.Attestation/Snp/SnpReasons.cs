namespace Otr.Attestation.Snp;

/// <summary>
/// Stable reason codes of <see cref="Verification.AttestationRejectedException"/> for AMD SEV-SNP evidence
/// (one per failure; docs/attestation-snp-nvidia.md lists them with their meaning).
/// </summary>
public static class SnpReasons
{
    /// <summary>Fewer bytes than the 1184-byte ATTESTATION_REPORT.</summary>
    public const string ReportTruncated = "snp-report-truncated";

    /// <summary>More bytes than the 1184-byte ATTESTATION_REPORT.</summary>
    public const string ReportOversized = "snp-report-oversized";

    /// <summary>The report VERSION is not 2, 3, 4 or 5.</summary>
    public const string ReportVersionUnsupported = "snp-report-version-unsupported";

    /// <summary>SIGNATURE_ALGO is not 1 (ECDSA P-384 with SHA-384).</summary>
    public const string SignatureAlgorithmUnsupported = "snp-signature-algorithm-unsupported";

    /// <summary>KEY_INFO names no signing key (NONE) or a reserved value.</summary>
    public const string SigningKeyUnsupported = "snp-signing-key-unsupported";

    /// <summary>The report signature does not verify with the VCEK/VLEK (any changed byte of [0, 0x2A0) gives this).</summary>
    public const string SignatureInvalid = "snp-signature-invalid";

    /// <summary>The product (Milan, Genoa, Turin) is neither configured nor named by the certificate.</summary>
    public const string ProductUnknown = "snp-product-unknown";

    /// <summary>The configured product, the certificate's product and the report's CPUID disagree.</summary>
    public const string ProductMismatch = "snp-product-mismatch";

    /// <summary>No trusted ARK (and ASK or ASVK) is configured for the product.</summary>
    public const string ProductNotTrusted = "snp-product-not-trusted";

    /// <summary>The VCEK/VLEK is not signed by the product's ASK (VCEK) or ASVK (VLEK).</summary>
    public const string VcekChainInvalid = "vcek-chain-invalid";

    /// <summary>The ASK/ASVK is not signed by the pinned ARK, or a supplied ARK is not the pinned one.</summary>
    public const string VcekChainUntrustedRoot = "vcek-chain-untrusted-root";

    /// <summary>The VCEK/VLEK public key is not an ECDSA P-384 key.</summary>
    public const string VcekKeyUnsupported = "vcek-key-unsupported";

    /// <summary>The report was signed by a VLEK but a VCEK certificate came with it, or the reverse.</summary>
    public const string VcekKindMismatch = "vcek-kind-mismatch";

    /// <summary>A VCEK/VLEK TCB or hwID extension is missing or not a DER INTEGER / OCTET STRING.</summary>
    public const string VcekExtensionMalformed = "vcek-extension-malformed";

    /// <summary>The certificate's TCB extensions differ from the report's REPORTED_TCB.</summary>
    public const string VcekTcbMismatch = "vcek-tcb-mismatch";

    /// <summary>The VCEK's hwID differs from the report's CHIP_ID.</summary>
    public const string ChipIdMismatch = "chip-id-mismatch";

    /// <summary>A configured ARK is not the AMD root pinned for its product, or is not self-signed.</summary>
    public const string ArkNotPinned = "ark-not-pinned";

    /// <summary>The CRL cannot be read, is not issued by the ARK, or its signature does not verify.</summary>
    public const string CrlInvalid = "crl-invalid";

    /// <summary>The verification time is outside the CRL's thisUpdate..nextUpdate window.</summary>
    public const string CrlExpired = "crl-expired";

    /// <summary>The ASK or ASVK serial is listed in the ARK's CRL.</summary>
    public const string CertificateRevoked = "certificate-revoked";

    /// <summary>An Azure HCL report is shorter than its header, SNP report or runtime-data lengths say.</summary>
    public const string HclReportTruncated = "hcl-report-truncated";

    /// <summary>An Azure HCL report has a wrong signature, type or hash type.</summary>
    public const string HclReportMalformed = "hcl-report-malformed";

    /// <summary>The SNP REPORT_DATA does not hold the hash of the HCL runtime claims.</summary>
    public const string HclReportDataMismatch = "hcl-report-data-mismatch";
}
