using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Otr.Attestation.Dcap;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Dcap;

/// <summary>
/// Cases that need certificates, CRLs or signed collateral Intel never issued (revocation, expiry, a debug enclave with
/// a valid signature, a Revoked TCB level): real quotes and collateral re-signed under a test hierarchy
/// (<see cref="DcapTestPki"/>), verified with a verifier pinned to the test root.
/// </summary>
public sealed class DcapTestPkiTests
{
    private const string Tdx = "tdx/phala-v4-uptodate";
    private const string Sgx = "sgx/phala-v3";
    private const string Tdx15 = "tdx/automata-v5-90c06f000000";

    public static TheoryData<string> Bases => [Tdx, Sgx, Tdx15];

    private static (DcapTestPki Pki, DcapQuote Real, DcapCollateral RealCollateral, DateTimeOffset Time) Setup(string name, DateTimeOffset? pckNotAfter = null)
    {
        var time = DcapVectors.Time(name);
        return (new DcapTestPki(DcapRejectionTests.PckOf(name), time, pckNotAfter), DcapQuote.Parse(DcapVectors.Quote(name)), DcapVectors.Collateral(name), time);
    }

    private static string Reject(DcapTestPki pki, byte[] quote, DcapCollateral collateral, DateTimeOffset time) =>
        Assert.Throws<AttestationRejectedException>(() => pki.Verifier.Verify(quote, collateral, time)).Reason;

    [Theory]
    [MemberData(nameof(Bases))]
    public void ResignedQuote_VerifiesUnderTheTestRoot_WithTheRealVerdict_AndNotUnderIntel(string name)
    {
        var (pki, real, collateral, time) = Setup(name);
        using var _ = pki;
        var quote = pki.ResignQuote(real);
        var expected = DcapVectors.Case(name);

        var evidence = pki.Verifier.Verify(quote, pki.Collateral(collateral), time);
        Assert.Equal(expected.GetProperty("computed_platform_tcb_status").GetString(), evidence.TcbStatus);
        Assert.Equal(DcapVerifier.Measurements(real), evidence.Measurements);
        Assert.Equal(real.ReportData.ToArray(), evidence.ReportData);
        Assert.False(evidence.Debug);

        Assert.Equal(DcapReasons.PckChainUntrustedRoot, Assert.Throws<AttestationRejectedException>(() => new DcapVerifier().Verify(quote, collateral, time)).Reason);
    }

    [Theory]
    [InlineData(Sgx, 4)]
    [InlineData(Sgx, 5)]
    [InlineData(Tdx, 5)]
    public void SameBodyInAnotherQuoteVersion_ParsesAndVerifiesAlike(string name, int version)
    {
        var (pki, real, collateral, time) = Setup(name);
        using var _ = pki;
        var quote = pki.ReencodeQuote(real, version);
        var parsed = DcapQuote.Parse(quote);
        Assert.Equal(version, parsed.Version);
        Assert.Equal(real.BodyKind, parsed.BodyKind);
        Assert.Equal(version == 5 ? (real.BodyKind == DcapBodyKind.Sgx ? 1 : 2) : 0, parsed.BodyType);
        Assert.Equal(DcapQuote.CertificationDataQeReport, parsed.CertificationDataType);
        Assert.Equal(quote.Length, parsed.Length);

        var evidence = pki.Verifier.Verify(quote, pki.Collateral(collateral), time);
        Assert.Equal(DcapVerifier.Measurements(real), evidence.Measurements);
        Assert.Equal(DcapVectors.Case(name).GetProperty("computed_platform_tcb_status").GetString(), evidence.TcbStatus);
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public void DebugEnclaveOrTd_WithAValidSignature_IsReportedAsDebug(string name)
    {
        var (pki, real, collateral, time) = Setup(name);
        using var _ = pki;
        var quote = pki.ResignQuote(real, signed =>
        {
            if (real.EnclaveReport is null)
            {
                signed[signed.Length - real.TdReport!.Raw.Length + 120] |= (byte)TdReport.DebugFlag;
            }
            else
            {
                signed[signed.Length - SgxReport.Size + 48] |= (byte)SgxReport.DebugFlag;
            }
        });

        var evidence = pki.Verifier.Verify(quote, pki.Collateral(collateral), time);
        Assert.True(evidence.Debug);
        Assert.True(DcapQuote.Parse(quote).Debug);
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public void RevokedPck_IsCertificateRevoked(string name)
    {
        var (pki, real, collateral, time) = Setup(name);
        using var _ = pki;
        var crl = pki.Crl(pki.Ca, pki.CaKey, pki.Pck);
        Assert.Equal(DcapReasons.CertificateRevoked, Reject(pki, pki.ResignQuote(real), pki.Collateral(collateral, pckCrl: crl), time));
    }

    [Fact]
    public void RevokedPckCa_IsCertificateRevoked()
    {
        var (pki, real, collateral, time) = Setup(Tdx);
        using var _ = pki;
        var crl = pki.Crl(pki.Root, pki.RootKey, pki.Ca);
        Assert.Equal(DcapReasons.CertificateRevoked, Reject(pki, pki.ResignQuote(real), pki.Collateral(collateral, rootCrl: crl), time));
    }

    [Fact]
    public void RevokedTcbSigningCertificate_IsCertificateRevoked()
    {
        var (pki, real, collateral, time) = Setup(Tdx);
        using var _ = pki;
        var crl = pki.Crl(pki.Root, pki.RootKey, pki.Signing);
        Assert.Equal(DcapReasons.CertificateRevoked, Reject(pki, pki.ResignQuote(real), pki.Collateral(collateral, rootCrl: crl), time));
    }

    [Fact]
    public void CrlsSignedByTheWrongKey_AreCrlInvalid()
    {
        var (pki, real, collateral, time) = Setup(Tdx);
        using var _ = pki;
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(DcapReasons.CrlInvalid, Reject(pki, pki.ResignQuote(real), pki.Collateral(collateral, pckCrl: pki.Crl(pki.Ca, stranger)), time));
        Assert.Equal(DcapReasons.CrlInvalid, Reject(pki, pki.ResignQuote(real), pki.Collateral(collateral, rootCrl: pki.Crl(pki.Root, stranger)), time));
    }

    [Fact]
    public void ExpiredPck_IsCertificateExpired()
    {
        var (pki, real, collateral, time) = Setup(Tdx, pckNotAfter: DcapVectors.Time(Tdx).AddSeconds(-1));
        using var _ = pki;
        Assert.Equal(DcapReasons.CertificateExpired, Reject(pki, pki.ResignQuote(real), pki.Collateral(collateral), time));
    }

    [Fact]
    public void ChainWithoutTheIntermediate_IsPckChainInvalid_AndAForeignTop_IsUntrusted()
    {
        var (pki, real, collateral, time) = Setup(Tdx);
        using var _ = pki;
        Assert.Equal(DcapReasons.PckChainInvalid, Reject(pki, pki.ResignQuote(real, chainPem: DcapTestPki.Pem(pki.Pck, pki.Root)), pki.Collateral(collateral), time));
        Assert.Equal(DcapReasons.PckChainUntrustedRoot, Reject(pki, pki.ResignQuote(real, chainPem: DcapTestPki.Pem(pki.Pck)), pki.Collateral(collateral), time));
        Assert.Equal(DcapReasons.PckChainInvalid, Reject(pki, pki.ResignQuote(real, chainPem: "no certificates here"), pki.Collateral(collateral), time));

        // The chain as far as the CA, without the root: the verifier completes it with the pinned root.
        pki.Verifier.Verify(pki.ResignQuote(real, chainPem: DcapTestPki.Pem(pki.Pck, pki.Ca)), pki.Collateral(collateral), time);

        // One CA too many: the root allows no intermediate below the PCK CA (pathLenConstraint 0 here, 1 at Intel).
        using var extraKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var extraRequest = new CertificateRequest("CN=Test Extra CA", extraKey, HashAlgorithmName.SHA256);
        extraRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var extra = extraRequest.Create(pki.Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(pki.CaKey), time.AddYears(-1), time.AddYears(1), [0x42]);
        var deepRequest = new CertificateRequest("CN=Test Deep PCK", pki.PckKey, HashAlgorithmName.SHA256);
        deepRequest.CertificateExtensions.Add(pki.Pck.Extensions[PckExtensions.SgxExtensionsOid]!);
        using var deep = deepRequest.Create(extra.SubjectName, X509SignatureGenerator.CreateForECDsa(extraKey), time.AddYears(-1), time.AddYears(1), [0x43]);
        Assert.Equal(DcapReasons.PckChainInvalid, Reject(pki, pki.ResignQuote(real, chainPem: DcapTestPki.Pem(deep, extra, pki.Ca, pki.Root)), pki.Collateral(collateral), time));

        // A look-alike root (same name, other key) at the top of the chain is not the pinned root.
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(pki.Root.SubjectName, otherKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var impostor = request.CreateSelfSigned(time.AddYears(-1), time.AddYears(1));
        Assert.Equal(DcapReasons.PckChainUntrustedRoot, Reject(pki, pki.ResignQuote(real, chainPem: DcapTestPki.Pem(pki.Pck, pki.Ca, impostor)), pki.Collateral(collateral), time));
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public void RevokedTcbLevel_IsTcbRevoked(string name)
    {
        var (pki, real, collateral, time) = Setup(name);
        using var _ = pki;
        var revoked = pki.Collateral(collateral, editTcbInfo: t => t.Replace("\"tcbStatus\":\"", "\"tcbStatus\":\"Revoked\",\"was\":\"", StringComparison.Ordinal));
        Assert.Equal(DcapReasons.TcbRevoked, Reject(pki, pki.ResignQuote(real), revoked, time));
    }

    [Fact]
    public void RevokedQe_MakesTheTcbRevoked()
    {
        var (pki, real, collateral, time) = Setup(Sgx);
        using var _ = pki;
        var revoked = pki.Collateral(collateral, editQeIdentity: t => t.Replace("\"tcbStatus\":\"", "\"tcbStatus\":\"Revoked\",\"was\":\"", StringComparison.Ordinal));
        Assert.Equal(DcapReasons.TcbRevoked, Reject(pki, pki.ResignQuote(real), revoked, time));
    }

    [Fact]
    public void OutOfDateQe_ConvergesThePlatformStatus()
    {
        var (pki, real, collateral, time) = Setup(Sgx);
        using var _ = pki;
        var outOfDate = pki.Collateral(collateral, editQeIdentity: t => t.Replace("\"tcbStatus\":\"UpToDate\"", "\"tcbStatus\":\"OutOfDate\"", StringComparison.Ordinal));
        Assert.Equal("OutOfDateConfigurationNeeded", pki.Verifier.Verify(pki.ResignQuote(real), outOfDate, time).TcbStatus);
    }

    [Theory]
    [InlineData(3, 5, "TDRelaunchAdvised")]
    [InlineData(3, 3, "OutOfDate")]
    [InlineData(5, 3, "UpToDate")]
    public void Tdx15_LaunchAndRunningModule_FollowTheRelaunchRule(byte launchSvn, byte currentSvn, string expected)
    {
        // TDX_01 levels in this TCB info: ISVSVN 4 UpToDate, 2 OutOfDate. TEE_TCB_SVN is at body offset 0, TEE_TCB_SVN2 at 584.
        var (pki, real, collateral, time) = Setup(Tdx15);
        using var _ = pki;
        var bodyStart = DcapQuote.HeaderSize + 6;
        var quote = pki.ResignQuote(real, signed =>
        {
            signed[bodyStart] = launchSvn;
            signed[bodyStart + TdReport.Size10] = currentSvn;
        });
        var result = pki.Verifier.VerifyDetailed(quote, pki.Collateral(collateral), time);
        Assert.Equal(launchSvn, result.Quote.TdReport!.TeeTcbSvn[0]);
        Assert.Equal(currentSvn, result.Quote.TdReport!.TeeTcbSvn2[0]);
        Assert.Equal(expected, result.Evidence.TcbStatus);

        var tooOld = pki.ResignQuote(real, signed => signed[bodyStart] = 1);
        Assert.Equal(DcapReasons.TcbLevelNotFound, Reject(pki, tooOld, pki.Collateral(collateral), time));
    }

    [Fact]
    public void TdxTcbInfoForAnSgxQuote_IsTcbInfoMismatch()
    {
        var (pki, real, collateral, time) = Setup(Sgx);
        using var _ = pki;
        var tdx = DcapVectors.Collateral(Tdx);
        var swapped = pki.Collateral(collateral with { TcbInfoBody = tdx.TcbInfoBody });
        Assert.Equal(DcapReasons.TcbInfoMismatch, Reject(pki, pki.ResignQuote(real), swapped, time));
    }

    [Fact]
    public void OtherPceIdOrUnknownStatusOrMalformedTcbInfo_HaveTheirReasons()
    {
        var (pki, real, collateral, time) = Setup(Tdx);
        using var _ = pki;
        var quote = pki.ResignQuote(real);
        Assert.Equal(DcapReasons.PceIdMismatch, Reject(pki, quote, pki.Collateral(collateral, editTcbInfo: t => t.Replace("\"pceId\":\"0000\"", "\"pceId\":\"0001\"", StringComparison.Ordinal)), time));
        Assert.Equal(DcapReasons.TcbInfoInvalid, Reject(pki, quote, pki.Collateral(collateral, editTcbInfo: t => t.Replace("\"tcbStatus\":\"UpToDate\"", "\"tcbStatus\":\"Fine\"", StringComparison.Ordinal)), time));
        Assert.Equal(DcapReasons.TcbInfoInvalid, Reject(pki, quote, pki.Collateral(collateral, editTcbInfo: t => t.Replace("\"fmspc\"", "\"fmspx\"", StringComparison.Ordinal)), time));
        Assert.Equal(DcapReasons.TcbInfoInvalid, Reject(pki, quote, pki.Collateral(collateral, editTcbInfo: t => t[..^1]), time));
        Assert.Equal(DcapReasons.QeIdentityInvalid, Reject(pki, quote, pki.Collateral(collateral, editQeIdentity: t => t.Replace("\"mrsigner\"", "\"mrsignet\"", StringComparison.Ordinal)), time));
    }

    [Fact]
    public void TdxModuleIdentityMissingOrDifferent_IsTdxModuleMismatch()
    {
        var (pki, real, collateral, time) = Setup(Tdx);
        using var _ = pki;
        var quote = pki.ResignQuote(real);
        Assert.Equal(DcapReasons.TdxModuleMismatch, Reject(pki, quote, pki.Collateral(collateral, editTcbInfo: t => t.Replace("\"TDX_01\"", "\"TDX_09\"", StringComparison.Ordinal)), time));
        var signer = pki.ResignQuote(real, signed => signed[signed.Length - TdReport.Size10 + 64] ^= 0x01); // MRSIGNERSEAM
        Assert.Equal(DcapReasons.TdxModuleMismatch, Reject(pki, signer, pki.Collateral(collateral), time));
    }

    [Fact]
    public void QeOfAnotherSignerOrProduct_IsQeIdentityMismatch_AndAnOldQe_HasNoLevel()
    {
        var (pki, real, collateral, time) = Setup(Sgx);
        using var _ = pki;
        var quote = pki.ResignQuote(real);
        Assert.Equal(DcapReasons.QeIdentityMismatch, Reject(pki, quote, pki.Collateral(collateral, editQeIdentity: t => t.Replace("\"isvprodid\":1", "\"isvprodid\":3", StringComparison.Ordinal)), time));
        Assert.Equal(DcapReasons.QeIdentityMismatch, Reject(pki, quote, pki.Collateral(collateral, editQeIdentity: t => t.Replace("\"mrsigner\":\"8C", "\"mrsigner\":\"8D", StringComparison.Ordinal)), time));
        Assert.Equal(DcapReasons.QeTcbLevelNotFound, Reject(pki, quote, pki.Collateral(collateral, editQeIdentity: t => System.Text.RegularExpressions.Regex.Replace(t, "\"isvsvn\":\\d+", "\"isvsvn\":99")), time));
    }

    [Fact]
    public void CollateralFiles_RoundTripThroughTheLoaders()
    {
        var (pki, real, collateral, time) = Setup(Tdx);
        using var _ = pki;
        var resigned = pki.Collateral(collateral);
        var directory = Directory.CreateTempSubdirectory("dcap-collateral-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "tcb_info.json"), $"{{\"tcbInfo\":{Encoding.UTF8.GetString(resigned.TcbInfoBody)},\"signature\":\"{Convert.ToHexStringLower(resigned.TcbInfoSignature)}\"}}");
            File.WriteAllText(Path.Combine(directory.FullName, "qe_identity.json"), $"{{\"enclaveIdentity\":{Encoding.UTF8.GetString(resigned.QeIdentityBody)},\"signature\":\"{Convert.ToHexStringLower(resigned.QeIdentitySignature)}\"}}");
            File.WriteAllText(Path.Combine(directory.FullName, "tcb_info_issuer_chain.pem"), DcapTestPki.Pem(pki.Signing, pki.Root));
            File.WriteAllBytes(Path.Combine(directory.FullName, "tcb_signing_cert.der"), pki.Signing.RawData);
            File.WriteAllBytes(Path.Combine(directory.FullName, "pck_crl.der"), resigned.PckCrl);
            File.WriteAllBytes(Path.Combine(directory.FullName, "root_ca_crl.der"), resigned.RootCaCrl);
            var loaded = DcapCollateral.FromDirectory(directory.FullName);
            Assert.Equal(resigned.TcbInfoBody, loaded.TcbInfoBody);
            Assert.Equal(2, loaded.TcbInfoIssuerChain.Count);
            Assert.Single(loaded.QeIdentityIssuerChain);
            Assert.Empty(loaded.PckCrlIssuerChain);
            pki.Verifier.Verify(pki.ResignQuote(real), loaded, time);

            File.Delete(Path.Combine(directory.FullName, "pck_crl.der"));
            Assert.Equal(DcapReasons.CollateralInvalid, Assert.Throws<AttestationRejectedException>(() => DcapCollateral.FromDirectory(directory.FullName)).Reason);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ExplicitChainCheck_AgreesWithDotNetX509Chain()
    {
        // Differential: the explicit checks in DcapPki against X509Chain with a custom root, no downloads, no revocation.
        var (pki, _, _, time) = Setup(Tdx);
        using var __ = pki;
        var cases = new List<(X509Certificate2[] Chain, DateTimeOffset Time, X509Certificate2 Root)>
        {
            ([pki.Pck, pki.Ca, pki.Root], time, pki.Root),
            ([pki.Pck, pki.Ca], time, pki.Root),
            ([pki.Pck, pki.Ca], time.AddYears(2), pki.Root),
            ([pki.Pck, pki.Root], time, pki.Root),
            ([pki.Pck, pki.Ca], time, new DcapVerifier().TrustedRoot),
        };
        foreach (var name in DcapVectors.Verifying)
        {
            var chain = DcapCollateral.PemToDer(DcapQuote.Parse(DcapVectors.Quote(name)).PckCertChainPem, "PCK").Select(X509CertificateLoader.LoadCertificate).ToArray();
            cases.Add((chain, DcapVectors.Time(name), new DcapVerifier().TrustedRoot));
            cases.Add((chain, DcapVectors.Time(name).AddYears(30), new DcapVerifier().TrustedRoot));
            cases.Add((chain, DcapVectors.Time(name), pki.Root));
        }

        var outcomes = new List<bool>();
        foreach (var (chain, at, root) in cases)
        {
            bool ours;
            try
            {
                DcapPki.VerifyChain(chain, root, at, "invalid", "untrusted", "chain");
                ours = true;
            }
            catch (AttestationRejectedException)
            {
                ours = false;
            }

            using var x509 = new X509Chain();
            x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            x509.ChainPolicy.CustomTrustStore.Add(root);
            x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            x509.ChainPolicy.DisableCertificateDownloads = true;
            x509.ChainPolicy.VerificationTime = at.UtcDateTime;
            x509.ChainPolicy.VerificationTimeIgnored = false;
            foreach (var certificate in chain.Skip(1))
            {
                x509.ChainPolicy.ExtraStore.Add(certificate);
            }

            Assert.Equal(x509.Build(chain[0]), ours);
            outcomes.Add(ours);
        }

        Assert.Contains(true, outcomes);
        Assert.Contains(false, outcomes);
    }
}
