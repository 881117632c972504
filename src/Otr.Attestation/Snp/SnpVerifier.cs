using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Snp;

/// <summary>
/// Verifies AMD SEV-SNP evidence offline at an explicit instant (never the wall clock):
/// report parsing; VCEK/VLEK kind against the report's signing key; product (configured, else named by the
/// certificate) against the report's CPUID; ASK (VCEK) or ASVK (VLEK) signed by the pinned ARK; VCEK/VLEK signed by
/// it (RSASSA-PSS SHA-384, salt 48); validity windows of ARK, ASK/ASVK and VCEK/VLEK; the ARK's CRL when supplied;
/// the report signature (ECDSA P-384 SHA-384 over [0, 0x2A0)); certificate TCB equal to REPORTED_TCB; VCEK hwID
/// equal to CHIP_ID (unless the guest masked it).
/// </summary>
public sealed class SnpVerifier
{
    private readonly Dictionary<SnpProduct, SnpProductRoots> _roots;
    private readonly SnpVerifierOptions _options;

    /// <summary>Creates a verifier trusting the given products' roots.</summary>
    /// <param name="roots">The pinned roots, one per product.</param>
    /// <param name="options">Product, minimum TCB and CRLs.</param>
    public SnpVerifier(IEnumerable<SnpProductRoots> roots, SnpVerifierOptions? options = null)
    {
        _roots = roots.ToDictionary(r => r.Product);
        _options = options ?? new SnpVerifierOptions();
    }

    /// <summary>Verifies a raw report and returns what was established.</summary>
    /// <param name="report">The 1184-byte report.</param>
    /// <param name="keyCertificate">The VCEK or VLEK certificate (DER or PEM).</param>
    /// <param name="verificationTime">The instant certificates and CRLs must be valid at.</param>
    /// <param name="evidenceChain">
    /// Certificates that came with the evidence (ASK/ASVK and ARK, PEM or DER), optional. An ASK/ASVK from here
    /// must be signed by the pinned ARK; an ARK from here must be the pinned ARK.
    /// </param>
    /// <exception cref="AttestationRejectedException">Every failure, with its reason code (see <see cref="SnpReasons"/>).</exception>
    public VerifiedEvidence Verify(ReadOnlySpan<byte> report, ReadOnlySpan<byte> keyCertificate, DateTimeOffset verificationTime, ReadOnlySpan<byte> evidenceChain = default) =>
        VerifyDetailed(report, keyCertificate, verificationTime, evidenceChain).Evidence;

    /// <summary>As <see cref="Verify"/>, returning the parsed report and certificate as well.</summary>
    /// <param name="report">The 1184-byte report.</param>
    /// <param name="keyCertificate">The VCEK or VLEK certificate (DER or PEM).</param>
    /// <param name="verificationTime">The instant certificates and CRLs must be valid at.</param>
    /// <param name="evidenceChain">Certificates that came with the evidence, optional.</param>
    /// <exception cref="AttestationRejectedException">Every failure, with its reason code.</exception>
    public SnpVerificationResult VerifyDetailed(ReadOnlySpan<byte> report, ReadOnlySpan<byte> keyCertificate, DateTimeOffset verificationTime, ReadOnlySpan<byte> evidenceChain = default)
    {
        var parsed = SnpAttestationReport.Parse(report);
        var vek = AmdKeyCertificate.Read(keyCertificate);
        var extra = evidenceChain.IsEmpty ? [] : CertificateTools.LoadAll(evidenceChain, "evidence certificate chain");
        return VerifyParsed(parsed, vek, extra, verificationTime, runtimeClaims: null);
    }

    /// <summary>
    /// Verifies an Azure HCL report: the embedded SNP report as <see cref="VerifyDetailed"/>, then the binding of
    /// the runtime claims (their hash is the report data).
    /// </summary>
    /// <param name="hclReport">The HCL report bytes.</param>
    /// <param name="keyCertificate">The VCEK certificate, or a PEM bundle starting with it (Azure's VCEK ‖ ASK ‖ ARK).</param>
    /// <param name="verificationTime">The instant certificates and CRLs must be valid at.</param>
    /// <exception cref="AttestationRejectedException">Every failure, with its reason code.</exception>
    public SnpVerificationResult VerifyAzureHcl(ReadOnlySpan<byte> hclReport, ReadOnlySpan<byte> keyCertificate, DateTimeOffset verificationTime)
    {
        var hcl = AzureHclReport.Parse(hclReport);
        var parsed = SnpAttestationReport.Parse(hcl.SnpReport);
        var certificates = CertificateTools.LoadAll(keyCertificate, "VCEK certificate bundle");
        var vek = AmdKeyCertificate.From(certificates[0]);
        var result = VerifyParsed(parsed, vek, certificates.Skip(1).ToList(), verificationTime, hcl.RuntimeClaims);
        hcl.CheckBinding(parsed.ReportData);
        return result;
    }

    private SnpVerificationResult VerifyParsed(
        SnpAttestationReport report, AmdKeyCertificate vek, IReadOnlyList<X509Certificate2> extra, DateTimeOffset time, byte[]? runtimeClaims)
    {
        if (vek.Kind != report.SigningKey)
        {
            throw new AttestationRejectedException(SnpReasons.VcekKindMismatch,
                $"report is signed by its {report.SigningKey} but the certificate is a {vek.Kind}");
        }

        var product = ChooseProduct(report, vek);
        if (!_roots.TryGetValue(product, out var roots))
        {
            throw new AttestationRejectedException(SnpReasons.ProductNotTrusted, $"no pinned ARK is configured for {product}");
        }

        var issuer = ChooseIssuer(roots, vek, extra);
        if (!CertificateTools.IsSignedBy(vek.Certificate, issuer))
        {
            throw new AttestationRejectedException(SnpReasons.VcekChainInvalid,
                $"{vek.Kind} certificate is not signed by '{issuer.Subject}'");
        }

        CertificateTools.CheckValidity(roots.Ark, time, "ARK");
        CertificateTools.CheckValidity(issuer, time, vek.Kind == SnpSigningKey.Vcek ? "ASK" : "ASVK");
        CertificateTools.CheckValidity(vek.Certificate, time, vek.Kind.ToString().ToUpperInvariant());
        if (_options.Crls.TryGetValue(product, out var crl))
        {
            AmdCrl.Read(crl).Check(roots.Ark, issuer, time);
        }

        CheckReportSignature(report, vek);
        var reported = report.ReportedTcb(product);
        var certified = vek.Tcb(product);
        if (certified != reported)
        {
            throw new AttestationRejectedException(SnpReasons.VcekTcbMismatch,
                $"{vek.Kind} was issued for TCB {certified} but the report's REPORTED_TCB is {reported}");
        }

        if (vek.HwId is { } hwId && !report.ChipIdMasked && !report.ChipId.AsSpan(0, hwId.Length).SequenceEqual(hwId))
        {
            throw new AttestationRejectedException(SnpReasons.ChipIdMismatch,
                $"VCEK hwID {Convert.ToHexStringLower(hwId)} is not the report's CHIP_ID {Convert.ToHexStringLower(report.ChipId)}");
        }

        var evidence = new VerifiedEvidence(
            TeeKind.AmdSevSnp,
            Measurements(report),
            report.ReportData,
            TcbStatus(reported, _options.MinimumTcb),
            report.Debug,
            time,
            [])
        { TcbLevel = reported.Snp };
        return new SnpVerificationResult(evidence, report, vek, product, reported, runtimeClaims);
    }

    /// <summary>
    /// The TCB status word and the reported TCB: <c>AtOrAboveMinimum</c>, <c>BelowMinimum</c> or
    /// <c>NoMinimumConfigured</c>, then <c>reported_tcb</c> in text, for example
    /// <c>AtOrAboveMinimum; reported_tcb bl=3 tee=0 snp=8 ucode=115; minimum bl=3 tee=0 snp=8 ucode=115</c>.
    /// </summary>
    /// <param name="reported">The reported TCB.</param>
    /// <param name="minimum">The configured minimum, if any.</param>
    public static string TcbStatus(SnpTcbVersion reported, SnpTcbVersion? minimum) => minimum switch
    {
        null => $"NoMinimumConfigured; reported_tcb {reported}",
        { } m when reported.IsAtLeast(m) => $"AtOrAboveMinimum; reported_tcb {reported}; minimum {m}",
        { } m => $"BelowMinimum; reported_tcb {reported}; minimum {m}",
    };

    /// <summary>The report's identity fields as lower-case hex, named as in the report.</summary>
    /// <param name="report">The report.</param>
    public static IReadOnlyDictionary<string, string> Measurements(SnpAttestationReport report) => new Dictionary<string, string>
    {
        ["measurement"] = Convert.ToHexStringLower(report.Measurement),
        ["host_data"] = Convert.ToHexStringLower(report.HostData),
        ["id_key_digest"] = Convert.ToHexStringLower(report.IdKeyDigest),
        ["author_key_digest"] = Convert.ToHexStringLower(report.AuthorKeyDigest),
        ["family_id"] = Convert.ToHexStringLower(report.FamilyId),
        ["image_id"] = Convert.ToHexStringLower(report.ImageId),
        ["report_id"] = Convert.ToHexStringLower(report.ReportId),
        ["report_id_ma"] = Convert.ToHexStringLower(report.ReportIdMa),
        ["chip_id"] = Convert.ToHexStringLower(report.ChipId),
    };

    private SnpProduct ChooseProduct(SnpAttestationReport report, AmdKeyCertificate vek)
    {
        var product = _options.Product ?? vek.Product ??
                      throw new AttestationRejectedException(SnpReasons.ProductUnknown,
                          "no product is configured and the certificate names none (product-name extension or issuer)");
        if (vek.Product is { } named && named != product)
        {
            throw new AttestationRejectedException(SnpReasons.ProductMismatch, $"configured product {product}, but the certificate is for {named}");
        }

        if (report.CpuidProduct is { } cpu && cpu != product)
        {
            throw new AttestationRejectedException(SnpReasons.ProductMismatch,
                $"product {product}, but the report's CPUID (family {report.CpuidFamily:x2}h model {report.CpuidModel:x2}h) is a {cpu}");
        }

        return product;
    }

    private static X509Certificate2 ChooseIssuer(SnpProductRoots roots, AmdKeyCertificate vek, IReadOnlyList<X509Certificate2> extra)
    {
        var kind = vek.Kind;
        var wanted = kind == SnpSigningKey.Vcek ? "ASK" : "ASVK";
        X509Certificate2? fromEvidence = null;
        foreach (var certificate in extra.Where(c => !c.RawData.AsSpan().SequenceEqual(vek.Certificate.RawData)))
        {
            var selfSigned = certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
            if (selfSigned)
            {
                if (!certificate.RawData.AsSpan().SequenceEqual(roots.Ark.RawData))
                {
                    throw new AttestationRejectedException(SnpReasons.VcekChainUntrustedRoot,
                        $"the evidence's root '{certificate.Subject}' is not the pinned {roots.Product} ARK");
                }

                continue;
            }

            var isVlekIssuer = certificate.GetNameInfo(X509NameType.SimpleName, false).StartsWith("SEV-VLEK-", StringComparison.Ordinal);
            if (isVlekIssuer != (kind == SnpSigningKey.Vlek))
            {
                continue;
            }

            if (!CertificateTools.IsSignedBy(certificate, roots.Ark))
            {
                throw new AttestationRejectedException(SnpReasons.VcekChainUntrustedRoot,
                    $"the evidence's {wanted} '{certificate.Subject}' is not signed by the pinned {roots.Product} ARK");
            }

            fromEvidence = certificate;
        }

        return fromEvidence ?? (kind == SnpSigningKey.Vcek ? roots.Ask : roots.Asvk) ??
            throw new AttestationRejectedException(SnpReasons.ProductNotTrusted,
                $"no {wanted} for {roots.Product} is configured or came with the evidence");
    }

    private static void CheckReportSignature(SnpAttestationReport report, AmdKeyCertificate vek)
    {
        using var key = vek.Certificate.GetECDsaPublicKey()!;
        bool valid;
        try
        {
            valid = key.VerifyData(report.SignedBytes, report.SignatureP1363, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            valid = false;
        }

        if (!valid)
        {
            throw new AttestationRejectedException(SnpReasons.SignatureInvalid,
                $"report signature does not verify with the {vek.Kind} ('{vek.Certificate.Subject}', serial {vek.Certificate.SerialNumber})");
        }
    }
}
