using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Otr.Attestation.Dcap;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Dcap;

public sealed class DcapRealVectorTests
{
    private static readonly DcapVerifier Verifier = new(DcapVectors.IntelRootDer);

    public static TheoryData<string> Verifying => [.. DcapVectors.Verifying];

    public static TheoryData<string> NoTcbLevel => [.. DcapVectors.NoTcbLevel];

    public static TheoryData<string> AllCases => [.. DcapVectors.AllCases()];

    [Fact]
    public void ProductionRoot_IsTheVendoredIntelRoot()
    {
        var root = new DcapVerifier().TrustedRoot;
        Assert.Equal(DcapVectors.IntelRootDer, root.RawData);
        Assert.Equal("44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3", Convert.ToHexStringLower(root.GetCertHash(HashAlgorithmName.SHA256)));
    }

    [Theory]
    [MemberData(nameof(Verifying))]
    public void Verify_CompleteVector_ReportsExpectedMeasurementsStatusAndAdvisories(string name)
    {
        var expected = DcapVectors.Case(name);
        var result = new DcapVerifier().VerifyDetailed(DcapVectors.Quote(name), DcapVectors.Collateral(name), DcapVectors.Time(name));
        var evidence = result.Evidence;

        var body = expected.GetProperty("body");
        var sgx = expected.GetProperty("body_kind").GetString() == "SGX";
        Assert.Equal(sgx ? TeeKind.IntelSgx : TeeKind.IntelTdx, evidence.Kind);
        foreach (var register in sgx ? new[] { "mrenclave", "mrsigner" } : ["mrtd", "rtmr0", "rtmr1", "rtmr2", "rtmr3", "mrseam", "mrconfigid", "mrowner", "mrownerconfig"])
        {
            Assert.Equal(body.GetProperty(register).GetString(), evidence.Measurements[register]);
        }

        Assert.Equal(body.GetProperty("report_data").GetString(), Convert.ToHexStringLower(evidence.ReportData));
        Assert.Equal(expected.GetProperty("computed_platform_tcb_status").GetString(), evidence.TcbStatus);
        Assert.Equal(DcapVectors.Strings(expected.GetProperty("computed_advisory_ids")), evidence.Advisories);
        if (expected.TryGetProperty("upstream_expected_status", out var upstream))
        {
            Assert.Equal(upstream.GetString(), evidence.TcbStatus);
            Assert.Equal(DcapVectors.Strings(expected.GetProperty("upstream_expected_advisory_ids")), evidence.Advisories);
        }

        Assert.False(evidence.Debug);
        Assert.Equal(DcapVectors.Time(name), evidence.VerifiedAt);
        Assert.Equal(DcapVectors.Date(expected.GetProperty("computed_tcb_date").GetString()!), result.Tcb.TcbDate);
        Assert.Equal(expected.GetProperty("qe_identity").GetProperty("qe_tcb_status").GetString(), result.Tcb.QeStatus);
        if (expected.TryGetProperty("computed_tdx_module_identity", out var module) && module.ValueKind == JsonValueKind.Array)
        {
            Assert.Equal(module[1].GetString(), result.Tcb.TdxModuleStatus);
        }

        Assert.Equal(expected.GetProperty("pck_fmspc").GetString(), Convert.ToHexString(result.Pck.Fmspc));
        Assert.Equal(expected.GetProperty("pck_pcesvn").GetInt32(), result.Pck.PceSvn);
        Assert.Equal(expected.GetProperty("pck_cpusvn").GetString(), Convert.ToHexStringLower(result.Pck.CpuSvn));
        Assert.Equal(expected.GetProperty("tcb_info").GetProperty("tcbEvaluationDataNumber").GetInt32(), result.TcbInfo.TcbEvaluationDataNumber);
    }

    [Theory]
    [MemberData(nameof(Verifying))]
    public void Verify_AtEitherEndOfTheCollateralWindow_Succeeds_AndJustOutside_Fails(string name)
    {
        var (from, to) = DcapVectors.Window(name);
        var quote = DcapVectors.Quote(name);
        var collateral = DcapVectors.Collateral(name);

        Verifier.Verify(quote, collateral, from);
        Verifier.Verify(quote, collateral, to);
        var early = Assert.Throws<AttestationRejectedException>(() => Verifier.Verify(quote, collateral, from.AddSeconds(-1)));
        var late = Assert.Throws<AttestationRejectedException>(() => Verifier.Verify(quote, collateral, to.AddSeconds(1)));
        string[] windowReasons = [DcapReasons.CertificateExpired, DcapReasons.CrlExpired, DcapReasons.TcbInfoExpired, DcapReasons.QeIdentityExpired];
        Assert.Contains(early.Reason, windowReasons);
        Assert.Contains(late.Reason, windowReasons);
    }

    [Theory]
    [MemberData(nameof(NoTcbLevel))]
    public void Verify_VectorWithoutMatchingTcbLevel_IsRejected_AfterEverySignatureChecked(string name)
    {
        var error = Assert.Throws<AttestationRejectedException>(() => Verifier.Verify(DcapVectors.Quote(name), DcapVectors.Collateral(name), DcapVectors.Time(name)));
        Assert.Equal(DcapReasons.TcbLevelNotFound, error.Reason);
    }

    [Fact]
    public void Verify_GoogleSprE4_AfterTheCollateralExpired_SaysSo()
    {
        const string name = "tdx/google-v4-spr-e4";
        var error = Assert.Throws<AttestationRejectedException>(() => Verifier.Verify(DcapVectors.Quote(name), DcapVectors.Collateral(name), DcapVectors.Date("2053-07-01T00:00:00Z")));
        Assert.Equal(DcapReasons.CertificateExpired, error.Reason);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Parse_EveryQuote_GivesTheExpectedFields(string name)
    {
        var expected = DcapVectors.Case(name);
        var raw = DcapVectors.Quote(name);
        var quote = DcapQuote.Parse(raw);

        Assert.Equal(expected.GetProperty("quote_version").GetInt32(), quote.Version);
        Assert.Equal(expected.GetProperty("file_length").GetInt32(), raw.Length);
        Assert.Equal(expected.GetProperty("quote_length_from_structure").GetInt32(), quote.Length);
        Assert.Equal(Convert.ToUInt32(expected.GetProperty("tee_type").GetString(), 16), quote.TeeType);
        Assert.Equal(
            expected.GetProperty("body_kind").GetString() switch { "SGX" => DcapBodyKind.Sgx, "TDX10" => DcapBodyKind.Tdx10, _ => DcapBodyKind.Tdx15 },
            quote.BodyKind);
        Assert.Equal(quote.Version == 3 ? DcapQuote.CertificationDataPckChain : DcapQuote.CertificationDataQeReport, quote.CertificationDataType);

        var body = expected.GetProperty("body");
        if (quote.EnclaveReport is { } sgx)
        {
            Assert.Equal(body.GetProperty("cpusvn").GetString(), Convert.ToHexStringLower(sgx.CpuSvn));
            Assert.Equal(body.GetProperty("miscselect").GetString(), Convert.ToHexStringLower(BitConverter.GetBytes(sgx.MiscSelect)));
            Assert.Equal(body.GetProperty("attributes").GetString(), Convert.ToHexStringLower(sgx.Attributes));
            Assert.Equal(body.GetProperty("mrenclave").GetString(), Convert.ToHexStringLower(sgx.MrEnclave));
            Assert.Equal(body.GetProperty("mrsigner").GetString(), Convert.ToHexStringLower(sgx.MrSigner));
            Assert.Equal(body.GetProperty("isvprodid").GetInt32(), sgx.IsvProdId);
            Assert.Equal(body.GetProperty("isvsvn").GetInt32(), sgx.IsvSvn);
            Assert.Equal(body.GetProperty("report_data").GetString(), Convert.ToHexStringLower(sgx.ReportData));
            Assert.Equal((sgx.Attributes[0] & 0x02) != 0, quote.Debug);
        }
        else
        {
            var td = quote.TdReport!;
            Assert.Equal(body.GetProperty("tee_tcb_svn").GetString(), Convert.ToHexStringLower(td.TeeTcbSvn));
            Assert.Equal(body.GetProperty("mrseam").GetString(), Convert.ToHexStringLower(td.MrSeam));
            Assert.Equal(body.GetProperty("mrsignerseam").GetString(), Convert.ToHexStringLower(td.MrSignerSeam));
            Assert.Equal(body.GetProperty("seam_attributes").GetString(), Convert.ToHexStringLower(td.SeamAttributes));
            Assert.Equal(body.GetProperty("td_attributes").GetString(), Convert.ToHexStringLower(td.TdAttributes));
            Assert.Equal(body.GetProperty("xfam").GetString(), Convert.ToHexStringLower(td.Xfam));
            Assert.Equal(body.GetProperty("mrtd").GetString(), Convert.ToHexStringLower(td.MrTd));
            Assert.Equal(body.GetProperty("mrconfigid").GetString(), Convert.ToHexStringLower(td.MrConfigId));
            Assert.Equal(body.GetProperty("mrowner").GetString(), Convert.ToHexStringLower(td.MrOwner));
            Assert.Equal(body.GetProperty("mrownerconfig").GetString(), Convert.ToHexStringLower(td.MrOwnerConfig));
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(body.GetProperty($"rtmr{i}").GetString(), Convert.ToHexStringLower(td.Rtmr(i)));
            }

            Assert.Equal(body.GetProperty("report_data").GetString(), Convert.ToHexStringLower(td.ReportData));
            if (td.IsTdx15)
            {
                Assert.Equal(body.GetProperty("tee_tcb_svn2").GetString(), Convert.ToHexStringLower(td.TeeTcbSvn2));
                Assert.Equal(body.GetProperty("mrservicetd").GetString(), Convert.ToHexStringLower(td.MrServiceTd));
            }
            else
            {
                Assert.False(body.TryGetProperty("tee_tcb_svn2", out _));
            }

            Assert.Equal((td.TdAttributes[0] & 0x01) != 0, quote.Debug);
        }

        var qe = expected.GetProperty("qe_report");
        Assert.Equal(qe.GetProperty("attributes").GetString(), Convert.ToHexStringLower(quote.QeReport.Attributes));
        Assert.Equal(qe.GetProperty("mrenclave").GetString(), Convert.ToHexStringLower(quote.QeReport.MrEnclave));
        Assert.Equal(qe.GetProperty("mrsigner").GetString(), Convert.ToHexStringLower(quote.QeReport.MrSigner));
        Assert.Equal(qe.GetProperty("isvprodid").GetInt32(), quote.QeReport.IsvProdId);
        Assert.Equal(qe.GetProperty("isvsvn").GetInt32(), quote.QeReport.IsvSvn);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void EveryQuote_SignaturesBindingAndPckChain_Verify(string name)
    {
        var expected = DcapVectors.Case(name);
        var quote = DcapQuote.Parse(DcapVectors.Quote(name));
        DcapVerifier.VerifyQuoteSignature(quote);
        var chain = DcapCollateral.PemToDer(quote.PckCertChainPem, "PCK chain").Select(X509CertificateLoader.LoadCertificate).ToList();
        DcapVerifier.VerifyQeReport(quote, chain[0]);

        Assert.Equal(DcapVectors.Strings(expected.GetProperty("pck_chain")), chain.Select(c => c.GetNameInfo(X509NameType.SimpleName, false)).ToArray());
        var notBefore = DcapVectors.Date(expected.GetProperty("pck_cert_not_before").GetString()!);
        var path = DcapPki.VerifyChain(chain, Verifier.TrustedRoot, notBefore.AddDays(1), DcapReasons.PckChainInvalid, DcapReasons.PckChainUntrustedRoot, "PCK chain");
        Assert.Equal(3, path.Count);

        var extensions = PckExtensions.Parse(chain[0]);
        Assert.Equal(expected.GetProperty("pck_fmspc").GetString(), Convert.ToHexString(extensions.Fmspc));
        Assert.Equal(expected.GetProperty("pck_pceid").GetString(), Convert.ToHexString(extensions.PceId));
        Assert.Equal(expected.GetProperty("pck_pcesvn").GetInt32(), extensions.PceSvn);
        if (expected.TryGetProperty("pck_sgx_tcb_comp_svns", out var components))
        {
            Assert.Equal(components.EnumerateArray().Select(c => c.GetInt32()), extensions.TcbComponents);
        }
    }

    [Fact]
    public void DebugQuotes_AreRecognisedOnTheParsedReport()
    {
        // Two real quotes run in debug mode: a TD with TDATTRIBUTES.DEBUG and an Occlum enclave with ATTRIBUTES.DEBUG.
        Assert.True(DcapQuote.Parse(DcapVectors.Quote("tdx/parse-only/trustee_tdx_v4_fmspc50806f000000.bin")).Debug);
        Assert.True(DcapQuote.Parse(DcapVectors.Quote("sgx/parse-only/trustee_occlum_sgx_v3_fmspc00606a000000.bin")).Debug);
        Assert.False(DcapQuote.Parse(DcapVectors.Quote("tdx/phala-v4-uptodate")).Debug);
        Assert.False(DcapQuote.Parse(DcapVectors.Quote("sgx/phala-v3")).Debug);
    }

    [Fact]
    public void Collateral_FromPcsFiles_SignedBytesAreTheRawInnerValue()
    {
        var directory = Path.Combine(DcapVectors.Root, "tdx/automata-v4-00806f050000");
        var file = File.ReadAllText(Path.Combine(directory, "tcb_info.json"));
        var collateral = DcapCollateral.FromDirectory(directory);
        var body = System.Text.Encoding.UTF8.GetString(collateral.TcbInfoBody);
        Assert.StartsWith("{\"id\":\"TDX\"", body, StringComparison.Ordinal);
        Assert.Equal("{\"tcbInfo\":" + body + ",\"signature\":\"" + Convert.ToHexStringLower(collateral.TcbInfoSignature) + "\"}", file);
    }
}
