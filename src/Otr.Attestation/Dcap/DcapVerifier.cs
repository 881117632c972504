using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Dcap;

/// <summary>Everything a successful DCAP verification established, beyond <see cref="VerifiedEvidence"/>.</summary>
/// <param name="Evidence">The policy-facing result.</param>
/// <param name="Quote">The parsed quote.</param>
/// <param name="Pck">The PCK certificate's SGX extensions.</param>
/// <param name="Tcb">The TCB evaluation (converged status, its parts, advisories).</param>
/// <param name="TcbInfo">The TCB info the platform was matched against.</param>
/// <param name="QeIdentity">The QE identity the QE report was matched against.</param>
public sealed record DcapVerificationResult(VerifiedEvidence Evidence, DcapQuote Quote, PckExtensions Pck, DcapTcbStatus Tcb, TcbInfo TcbInfo, QeIdentity QeIdentity);

/// <summary>
/// Verifies Intel SGX and TDX DCAP quotes offline against collateral supplied as data, at an explicit instant, with
/// the Intel SGX Root CA pinned: quote signature, QE report signature and binding, PCK chain with CRLs, TCB info and
/// QE identity signatures and windows, FMSPC/PCE id, TCB level and QE identity matching. Every failure throws
/// <see cref="AttestationRejectedException"/> with a <see cref="DcapReasons"/> code. Whether an out-of-date TCB or a
/// debug enclave is acceptable is left to policy: both are reported, not rejected; a Revoked TCB or a revoked
/// certificate is rejected.
/// </summary>
public sealed class DcapVerifier
{
    /// <summary>Intel SGX Root CA (production), SHA-256 fingerprint 44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3, valid 2018-05-21 to 2049-12-31.</summary>
    public const string IntelSgxRootCaPem = """
        -----BEGIN CERTIFICATE-----
        MIICjzCCAjSgAwIBAgIUImUM1lqdNInzg7SVUr9QGzknBqwwCgYIKoZIzj0EAwIw
        aDEaMBgGA1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENv
        cnBvcmF0aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJ
        BgNVBAYTAlVTMB4XDTE4MDUyMTEwNDUxMFoXDTQ5MTIzMTIzNTk1OVowaDEaMBgG
        A1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENvcnBvcmF0
        aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJBgNVBAYT
        AlVTMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC6nEwMDIYZOj/iPWsCzaEKi7
        1OiOSLRFhWGjbnBVJfVnkY4u3IjkDYYL0MxO4mqsyYjlBalTVYxFP2sJBK5zlKOB
        uzCBuDAfBgNVHSMEGDAWgBQiZQzWWp00ifODtJVSv1AbOScGrDBSBgNVHR8ESzBJ
        MEegRaBDhkFodHRwczovL2NlcnRpZmljYXRlcy50cnVzdGVkc2VydmljZXMuaW50
        ZWwuY29tL0ludGVsU0dYUm9vdENBLmRlcjAdBgNVHQ4EFgQUImUM1lqdNInzg7SV
        Ur9QGzknBqwwDgYDVR0PAQH/BAQDAgEGMBIGA1UdEwEB/wQIMAYBAf8CAQEwCgYI
        KoZIzj0EAwIDSQAwRgIhAOW/5QkR+S9CiSDcNoowLuPRLsWGf/Yi7GSX94BgwTwg
        AiEA4J0lrHoMs+Xo5o/sX6O9QWxHRAvZUGOdRQ7cvqRXaqI=
        -----END CERTIFICATE-----
        """;

    /// <summary>Subject common name of the certificate that signs TCB info and QE identity.</summary>
    public const string TcbSigningCommonName = "Intel SGX TCB Signing";

    private readonly X509Certificate2 _root;

    private static readonly byte[] ProductionRootDer = PemToDer(IntelSgxRootCaPem);

    /// <summary>A verifier pinned to the production Intel SGX Root CA.</summary>
    public DcapVerifier()
        : this(ProductionRootDer)
    {
    }

    /// <summary>A verifier pinned to another root (a test hierarchy, or a root supplied by configuration).</summary>
    /// <param name="trustedRootDer">The DER root certificate; chains must end in exactly this certificate.</param>
    public DcapVerifier(byte[] trustedRootDer)
    {
        ArgumentNullException.ThrowIfNull(trustedRootDer);
        _root = X509CertificateLoader.LoadCertificate(trustedRootDer);
        if (!DcapPki.IsSignedBy(_root, _root))
        {
            throw new ArgumentException("The trusted root is not a self-signed ECDSA certificate.", nameof(trustedRootDer));
        }
    }

    /// <summary>The pinned root.</summary>
    public X509Certificate2 TrustedRoot => _root;

    /// <summary>Verifies and returns the policy-facing evidence.</summary>
    /// <param name="quote">The raw quote (trailing bytes allowed).</param>
    /// <param name="collateral">The collateral.</param>
    /// <param name="verificationTime">The instant certificates, CRLs and collateral must be valid at.</param>
    public VerifiedEvidence Verify(ReadOnlySpan<byte> quote, DcapCollateral collateral, DateTimeOffset verificationTime) =>
        VerifyDetailed(quote, collateral, verificationTime).Evidence;

    /// <summary>Verifies and returns everything established.</summary>
    /// <param name="quote">The raw quote (trailing bytes allowed).</param>
    /// <param name="collateral">The collateral.</param>
    /// <param name="verificationTime">The instant certificates, CRLs and collateral must be valid at.</param>
    public DcapVerificationResult VerifyDetailed(ReadOnlySpan<byte> quote, DcapCollateral collateral, DateTimeOffset verificationTime)
    {
        ArgumentNullException.ThrowIfNull(collateral);
        var parsed = DcapQuote.Parse(quote);

        // 1. Quote signature with the attestation key.
        VerifyQuoteSignature(parsed);

        // 2. QE report signature with the PCK key, and the QE report binding the attestation key.
        var pckChain = DcapPki.ParsePemChain(parsed.PckCertChainPem, DcapReasons.PckChainInvalid, "PCK certificate chain");
        try
        {
            return VerifyWithChain(parsed, pckChain, collateral, verificationTime);
        }
        finally
        {
            pckChain.ForEach(c => c.Dispose());
        }
    }

    private DcapVerificationResult VerifyWithChain(DcapQuote parsed, List<X509Certificate2> pckChain, DcapCollateral collateral, DateTimeOffset verificationTime)
    {
        var pck = pckChain[0];
        VerifyQeReport(parsed, pck);

        // 3. PCK chain to the pinned root, validity, CRLs and revocation.
        var path = DcapPki.VerifyChain(pckChain, _root, verificationTime, DcapReasons.PckChainInvalid, DcapReasons.PckChainUntrustedRoot, "PCK certificate chain");
        if (path.Count < 3)
        {
            throw new AttestationRejectedException(DcapReasons.PckChainInvalid, "The PCK certificate chain must be PCK → PCK Platform/Processor CA → Intel SGX Root CA.");
        }

        if (DcapPki.IsCa(pck))
        {
            throw new AttestationRejectedException(DcapReasons.PckChainInvalid, $"The PCK certificate '{pck.Subject}' is a CA certificate.");
        }

        var rootCrl = DcapCrl.Parse(collateral.RootCaCrl, "Root CA CRL");
        rootCrl.Verify(_root, verificationTime, "Root CA CRL");
        var pckCrl = DcapCrl.Parse(collateral.PckCrl, "PCK CRL");
        pckCrl.Verify(path[1], verificationTime, "PCK CRL");
        RequireNotRevoked(pck, pckCrl, "PCK CRL");
        for (var i = 1; i < path.Count - 1; i++)
        {
            RequireNotRevoked(path[i], rootCrl, "Root CA CRL");
        }

        // 4. TCB info and QE identity: signatures, windows, FMSPC / PCE id, levels.
        VerifySignedCollateral(collateral.TcbInfoIssuerChain, rootCrl, verificationTime, "TCB info", collateral.TcbInfoBody, collateral.TcbInfoSignature, DcapReasons.TcbInfoSignatureInvalid);
        VerifySignedCollateral(collateral.QeIdentityIssuerChain, rootCrl, verificationTime, "QE identity", collateral.QeIdentityBody, collateral.QeIdentitySignature, DcapReasons.QeIdentitySignatureInvalid);

        var tcbInfo = TcbInfo.Parse(collateral.TcbInfoBody);
        if (verificationTime < tcbInfo.IssueDate || verificationTime > tcbInfo.NextUpdate)
        {
            throw new AttestationRejectedException(DcapReasons.TcbInfoExpired, $"TCB info is valid {tcbInfo.IssueDate:u} to {tcbInfo.NextUpdate:u}, not at {verificationTime:u}.");
        }

        var tdx = parsed.BodyKind != DcapBodyKind.Sgx;
        if (tcbInfo.Id != (tdx ? "TDX" : "SGX") || (tdx && tcbInfo.Version < 3))
        {
            throw new AttestationRejectedException(DcapReasons.TcbInfoMismatch, $"A {(tdx ? "TDX" : "SGX")} quote cannot be evaluated with {tcbInfo.Id} TCB info version {tcbInfo.Version}.");
        }

        var extensions = PckExtensions.Parse(pck);
        if (!extensions.Fmspc.AsSpan().SequenceEqual(tcbInfo.Fmspc))
        {
            throw new AttestationRejectedException(DcapReasons.FmspcMismatch, $"The PCK certificate's FMSPC {Convert.ToHexString(extensions.Fmspc)} differs from the TCB info's {Convert.ToHexString(tcbInfo.Fmspc)}.");
        }

        if (!extensions.PceId.AsSpan().SequenceEqual(tcbInfo.PceId))
        {
            throw new AttestationRejectedException(DcapReasons.PceIdMismatch, $"The PCK certificate's PCE id {Convert.ToHexString(extensions.PceId)} differs from the TCB info's {Convert.ToHexString(tcbInfo.PceId)}.");
        }

        var qeIdentity = QeIdentity.Parse(collateral.QeIdentityBody);
        if (verificationTime < qeIdentity.IssueDate || verificationTime > qeIdentity.NextUpdate)
        {
            throw new AttestationRejectedException(DcapReasons.QeIdentityExpired, $"QE identity is valid {qeIdentity.IssueDate:u} to {qeIdentity.NextUpdate:u}, not at {verificationTime:u}.");
        }

        var qeLevel = MatchQeIdentity(parsed.QeReport, qeIdentity, tdx ? "TD_QE" : "QE");
        DcapTcbStatus tcb;
        if (parsed.TdReport is { } td)
        {
            CheckTdxModule(td, tcbInfo);
            tcb = DcapTcbEvaluation.Evaluate(tcbInfo, extensions, td.TeeTcbSvn, qeLevel);
            if (td.IsTdx15)
            {
                var current = DcapTcbEvaluation.Evaluate(tcbInfo, extensions, td.TeeTcbSvn2, qeLevel);
                tcb = tcb with
                {
                    Status = DcapTcbEvaluation.CheckForRelaunch(tcb.Status, current.Status),
                    Advisories = [.. new SortedSet<string>(tcb.Advisories.Concat(current.Advisories), StringComparer.Ordinal)],
                };
            }
        }
        else
        {
            tcb = DcapTcbEvaluation.Evaluate(tcbInfo, extensions, [], qeLevel);
        }

        if (tcb.Status == "Revoked")
        {
            throw new AttestationRejectedException(
                DcapReasons.TcbRevoked,
                $"The TCB is Revoked (platform {tcb.PlatformStatus}, TDX module {tcb.TdxModuleStatus ?? "n/a"}, QE {tcb.QeStatus}); advisories: {string.Join(", ", tcb.Advisories)}.");
        }

        // 5. The result.
        var evidence = new VerifiedEvidence(
            tdx ? TeeKind.IntelTdx : TeeKind.IntelSgx,
            Measurements(parsed),
            parsed.ReportData.ToArray(),
            tcb.Status,
            parsed.Debug,
            verificationTime,
            tcb.Advisories)
        { TcbLevel = tcbInfo.TcbEvaluationDataNumber };
        return new DcapVerificationResult(evidence, parsed, extensions, tcb, tcbInfo, qeIdentity);
    }

    /// <summary>Throws <see cref="DcapReasons.ReportDataMismatch"/> unless the verified report data equals <paramref name="expected"/>.</summary>
    /// <param name="evidence">Verified evidence.</param>
    /// <param name="expected">The 64 bytes the report data must be (e.g. <see cref="ReportData.ToBytes"/>).</param>
    public static void RequireReportData(VerifiedEvidence evidence, ReadOnlySpan<byte> expected)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (!CryptographicOperations.FixedTimeEquals(evidence.ReportData, expected))
        {
            throw new AttestationRejectedException(
                DcapReasons.ReportDataMismatch,
                $"The quote's report data {Convert.ToHexStringLower(evidence.ReportData)} is not the expected {Convert.ToHexStringLower(expected)}.");
        }
    }

    /// <summary>The named measurements of a quote body (lower-case hex).</summary>
    /// <param name="quote">A parsed quote.</param>
    public static IReadOnlyDictionary<string, string> Measurements(DcapQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (quote.EnclaveReport is { } sgx)
        {
            result["mrenclave"] = Convert.ToHexStringLower(sgx.MrEnclave);
            result["mrsigner"] = Convert.ToHexStringLower(sgx.MrSigner);
        }
        else
        {
            var td = quote.TdReport!;
            result["mrtd"] = Convert.ToHexStringLower(td.MrTd);
            for (var i = 0; i < 4; i++)
            {
                result[$"rtmr{i}"] = Convert.ToHexStringLower(td.Rtmr(i));
            }

            result["mrseam"] = Convert.ToHexStringLower(td.MrSeam);
            result["mrsignerseam"] = Convert.ToHexStringLower(td.MrSignerSeam);
            result["mrconfigid"] = Convert.ToHexStringLower(td.MrConfigId);
            result["mrowner"] = Convert.ToHexStringLower(td.MrOwner);
            result["mrownerconfig"] = Convert.ToHexStringLower(td.MrOwnerConfig);
            if (td.IsTdx15)
            {
                result["mrservicetd"] = Convert.ToHexStringLower(td.MrServiceTd);
            }
        }

        return result;
    }

    /// <summary>Checks the attestation-key signature over header and body (step 1 alone).</summary>
    /// <param name="quote">A parsed quote.</param>
    public static void VerifyQuoteSignature(DcapQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        using var key = ImportP256(quote.AttestationKey);
        if (!key.VerifyData(quote.SignedBytes, quote.QuoteSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            throw new AttestationRejectedException(DcapReasons.QuoteSignatureInvalid, "The quote signature over header and body does not verify with the attestation key.");
        }
    }

    /// <summary>Checks the QE report signature with the PCK key and the QE report data binding (step 2 alone).</summary>
    /// <param name="quote">A parsed quote.</param>
    /// <param name="pck">The PCK leaf certificate.</param>
    public static void VerifyQeReport(DcapQuote quote, X509Certificate2 pck)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(pck);
        using var pckKey = DcapPki.EcdsaKey(pck, DcapReasons.PckChainInvalid);
        if (!pckKey.VerifyData(quote.QeReport.Raw, quote.QeReportSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            throw new AttestationRejectedException(DcapReasons.QeReportSignatureInvalid, "The QE report signature does not verify with the PCK certificate's key.");
        }

        Span<byte> expected = stackalloc byte[64];
        SHA256.HashData([.. quote.AttestationKey, .. quote.QeAuthData], expected[..32]);
        if (!quote.QeReport.ReportData.SequenceEqual(expected))
        {
            throw new AttestationRejectedException(
                DcapReasons.QeReportNotBound,
                "The QE report data is not SHA-256(attestation key ‖ QE authentication data) followed by 32 zero bytes: the attestation key is not the one the QE certified.");
        }
    }

    private static byte[] PemToDer(string pem)
    {
        using var certificate = X509Certificate2.CreateFromPem(pem);
        return certificate.RawData;
    }

    private static ECDsa ImportP256(byte[] rawPoint)
    {
        try
        {
            return ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = rawPoint[..32], Y = rawPoint[32..] },
            });
        }
        catch (CryptographicException e)
        {
            throw new AttestationRejectedException(DcapReasons.AttestationKeyInvalid, "The attestation key is not a point on P-256.", e);
        }
    }

    private static void RequireNotRevoked(X509Certificate2 certificate, DcapCrl crl, string what)
    {
        if (crl.IsRevoked(certificate))
        {
            throw new AttestationRejectedException(DcapReasons.CertificateRevoked, $"'{certificate.Subject}' (serial {certificate.SerialNumber}) is revoked by the {what}.");
        }
    }

    private void VerifySignedCollateral(IReadOnlyList<byte[]> chainDer, DcapCrl rootCrl, DateTimeOffset time, string what, byte[] body, byte[] signature, string signatureReason)
    {
        var chain = new List<X509Certificate2>();
        try
        {
            for (var i = 0; i < chainDer.Count; i++)
            {
                chain.Add(DcapPki.LoadDer(chainDer[i], DcapReasons.TcbSigningChainInvalid, $"{what} issuer chain certificate {i}"));
            }

            var path = DcapPki.VerifyChain(chain, _root, time, DcapReasons.TcbSigningChainInvalid, DcapReasons.TcbSigningChainInvalid, $"{what} issuer chain");
            var signer = path[0];
            if (path.Count != 2 || DcapPki.IsCa(signer) || signer.GetNameInfo(X509NameType.SimpleName, forIssuer: false) != TcbSigningCommonName)
            {
                throw new AttestationRejectedException(
                    DcapReasons.TcbSigningChainInvalid,
                    $"The {what} issuer chain must be the non-CA '{TcbSigningCommonName}' certificate issued by the root, not '{signer.Subject}'.");
            }

            RequireNotRevoked(signer, rootCrl, "Root CA CRL");
            VerifyRawSignature(signer, body, signature, signatureReason, what);
        }
        finally
        {
            chain.ForEach(c => c.Dispose());
        }
    }

    private static void VerifyRawSignature(X509Certificate2 signer, byte[] body, byte[] signature, string reason, string what)
    {
        using var key = DcapPki.EcdsaKey(signer, DcapReasons.TcbSigningChainInvalid);
        if (signature.Length != 64 || !key.VerifyData(body, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            throw new AttestationRejectedException(reason, $"The {what} signature does not verify over the exact signed bytes with the key of '{signer.Subject}'.");
        }
    }

    private static IsvSvnTcbLevel MatchQeIdentity(SgxReport qe, QeIdentity identity, string expectedId)
    {
        string? problem = null;
        if (identity.Id != expectedId)
        {
            problem = $"the identity is for '{identity.Id}', this quote needs '{expectedId}'";
        }
        else if (!qe.MrSigner.SequenceEqual(identity.MrSigner))
        {
            problem = $"MRSIGNER {Convert.ToHexStringLower(qe.MrSigner)} is not {Convert.ToHexStringLower(identity.MrSigner)}";
        }
        else if (qe.IsvProdId != identity.IsvProdId)
        {
            problem = $"ISVPRODID {qe.IsvProdId} is not {identity.IsvProdId}";
        }
        else if ((qe.MiscSelect & identity.MiscSelectMask) != identity.MiscSelect)
        {
            problem = $"MISCSELECT {qe.MiscSelect:x8} under mask {identity.MiscSelectMask:x8} is not {identity.MiscSelect:x8}";
        }
        else
        {
            for (var i = 0; i < 16; i++)
            {
                if ((qe.Attributes[i] & identity.AttributesMask[i]) != identity.Attributes[i])
                {
                    problem = $"ATTRIBUTES {Convert.ToHexStringLower(qe.Attributes)} under mask {Convert.ToHexStringLower(identity.AttributesMask)} are not {Convert.ToHexStringLower(identity.Attributes)}";
                    break;
                }
            }
        }

        if (problem is not null)
        {
            throw new AttestationRejectedException(DcapReasons.QeIdentityMismatch, $"The QE report does not match the QE identity: {problem}.");
        }

        return DcapTcbEvaluation.FindIsvSvnLevel(identity.TcbLevels, qe.IsvSvn)
            ?? throw new AttestationRejectedException(DcapReasons.QeTcbLevelNotFound, $"No QE identity TCB level covers QE ISVSVN {qe.IsvSvn}.");
    }

    private static void CheckTdxModule(TdReport td, TcbInfo tcbInfo)
    {
        var major = td.TeeTcbSvn[DcapTcbEvaluation.TdxModuleMajorIndex];
        var expected = major > 0
            ? DcapTcbEvaluation.FindModuleIdentity(tcbInfo, major)
            : tcbInfo.TdxModule ?? throw new AttestationRejectedException(DcapReasons.TdxModuleMismatch, "The TDX TCB info has no tdxModule.");
        if (!td.MrSignerSeam.SequenceEqual(expected.MrSigner))
        {
            throw new AttestationRejectedException(DcapReasons.TdxModuleMismatch, $"MRSIGNERSEAM {Convert.ToHexStringLower(td.MrSignerSeam)} is not the TDX module identity's {Convert.ToHexStringLower(expected.MrSigner)}.");
        }

        for (var i = 0; i < 8; i++)
        {
            if ((td.SeamAttributes[i] & expected.AttributesMask[i]) != (expected.Attributes[i] & expected.AttributesMask[i]))
            {
                throw new AttestationRejectedException(DcapReasons.TdxModuleMismatch, $"SEAMATTRIBUTES {Convert.ToHexStringLower(td.SeamAttributes)} do not match the TDX module identity's {Convert.ToHexStringLower(expected.Attributes)} under its mask.");
            }
        }
    }
}
