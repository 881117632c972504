namespace Otr.Attestation.Nvidia;

/// <summary>
/// Stable reason codes of <see cref="Verification.AttestationRejectedException"/> for NVIDIA GPU evidence
/// (one per failure; docs/attestation-snp-nvidia.md lists them with their meaning).
/// </summary>
public static class NvidiaReasons
{
    /// <summary>The attestation report text is not hexadecimal.</summary>
    public const string ReportNotHex = "gpu-report-not-hex";

    /// <summary>The report ends before a length it declares (request, blocks, nonce, opaque data or signature).</summary>
    public const string ReportTruncated = "gpu-report-truncated";

    /// <summary>The GET_MEASUREMENTS request is not an SPDM 1.1 request for all measurements with a signature.</summary>
    public const string RequestMalformed = "gpu-request-malformed";

    /// <summary>The MEASUREMENTS response has a wrong version or code, or inconsistent block lengths.</summary>
    public const string ResponseMalformed = "gpu-response-malformed";

    /// <summary>The opaque data is not a sequence of well-formed (type, length, value) fields.</summary>
    public const string OpaqueDataMalformed = "gpu-opaque-data-malformed";

    /// <summary>Non-zero bytes follow the signature.</summary>
    public const string TrailingData = "gpu-report-trailing-data";

    /// <summary>The signature over SHA-384(request ‖ response-without-signature) does not verify with the leaf key.</summary>
    public const string SignatureInvalid = "gpu-signature-invalid";

    /// <summary>The request nonce is not the expected one.</summary>
    public const string NonceMismatch = "gpu-nonce-mismatch";

    /// <summary>The device chain holds fewer than a signing certificate and a root.</summary>
    public const string CertChainTooShort = "gpu-cert-chain-too-short";

    /// <summary>A certificate of the device chain is not signed by the next one, or a CA is not marked as CA.</summary>
    public const string CertChainInvalid = "gpu-cert-chain-invalid";

    /// <summary>The device chain does not end in the pinned NVIDIA Device Identity CA.</summary>
    public const string CertChainUntrustedRoot = "gpu-cert-chain-untrusted-root";

    /// <summary>The leaf certificate has no FWID (extension 2.23.133.5.4.1 with a SHA-384 digest).</summary>
    public const string FwidMissing = "gpu-fwid-missing";

    /// <summary>The FWID in the leaf certificate differs from the FWID in the report's opaque data.</summary>
    public const string FwidMismatch = "gpu-fwid-mismatch";

    /// <summary>A RIM is not a readable SWID tag (XML) with measurement resources.</summary>
    public const string RimMalformed = "gpu-rim-malformed";

    /// <summary>The RIM's XML signature (digest or ECDSA value) does not verify, or uses an unsupported algorithm.</summary>
    public const string RimSignatureInvalid = "gpu-rim-signature-invalid";

    /// <summary>The RIM's signing chain does not verify link by link.</summary>
    public const string RimChainInvalid = "gpu-rim-chain-invalid";

    /// <summary>The RIM's signing chain does not end in the pinned NVIDIA CoRIM signing Root CA.</summary>
    public const string RimChainUntrustedRoot = "gpu-rim-chain-untrusted-root";

    /// <summary>The RIM is for another driver or VBIOS version than the report's.</summary>
    public const string RimVersionMismatch = "gpu-rim-version-mismatch";

    /// <summary>A required RIM (driver or VBIOS) was not supplied.</summary>
    public const string RimMissing = "gpu-rim-missing";

    /// <summary>The driver and VBIOS RIMs both hold an active measurement at the same index.</summary>
    public const string RimConflict = "gpu-rim-conflict";

    /// <summary>An active RIM measurement has no matching block in the report.</summary>
    public const string MeasurementMissing = "gpu-measurement-missing";

    /// <summary>A report measurement equals none of the RIM's alternatives for its index.</summary>
    public const string MeasurementMismatch = "gpu-measurement-mismatch";

    /// <summary>A pinned NVIDIA root certificate is not the expected one.</summary>
    public const string RootNotPinned = "gpu-root-not-pinned";
}
