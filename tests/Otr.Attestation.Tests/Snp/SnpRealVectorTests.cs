using Otr.Attestation.Snp;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Snp;

public sealed class SnpRealVectorTests
{
    public static TheoryData<string> Cases => new(SnpVectors.Cases);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_RealReport_GivesTheFieldsExpectedJsonLists(string name)
    {
        var facts = SnpVectors.Facts(name);
        var product = SnpVectors.Product(name);

        var report = SnpAttestationReport.Parse(SnpVectors.Report(name));

        Assert.Equal((uint)facts.GetProperty("report_version").GetInt32(), report.Version);
        Assert.Equal((uint)facts.GetProperty("guest_svn").GetInt32(), report.GuestSvn);
        Assert.Equal(SnpVectors.Hex(facts.GetProperty("policy")), report.Policy);
        Assert.Equal((uint)facts.GetProperty("vmpl").GetInt32(), report.Vmpl);
        Assert.Equal((uint)facts.GetProperty("signature_algo").GetInt32(), report.SignatureAlgorithm);
        Assert.Equal(SnpVectors.Hex(facts.GetProperty("key_info")), report.KeyInfo);
        Assert.Equal(SnpVectors.Hex(facts.GetProperty("platform_info")), report.PlatformInfo);
        Assert.Equal(facts.GetProperty("report_data").GetString(), Convert.ToHexStringLower(report.ReportData));
        Assert.Equal(facts.GetProperty("measurement").GetString(), Convert.ToHexStringLower(report.Measurement));
        Assert.Equal(facts.GetProperty("host_data").GetString(), Convert.ToHexStringLower(report.HostData));
        Assert.Equal(facts.GetProperty("id_key_digest").GetString(), Convert.ToHexStringLower(report.IdKeyDigest));
        Assert.Equal(facts.GetProperty("report_id").GetString(), Convert.ToHexStringLower(report.ReportId));
        Assert.Equal(facts.GetProperty("chip_id").GetString(), Convert.ToHexStringLower(report.ChipId));
        Assert.Equal(SnpVectors.Tcb(facts.GetProperty("current_tcb")), report.CurrentTcb(product));
        Assert.Equal(SnpVectors.Tcb(facts.GetProperty("reported_tcb")), report.ReportedTcb(product));
        Assert.Equal(SnpVectors.Tcb(facts.GetProperty("committed_tcb")), report.CommittedTcb(product));
        Assert.Equal(SnpVectors.Tcb(facts.GetProperty("launch_tcb")), report.LaunchTcb(product));
        Assert.Equal(facts.GetProperty("signing_key").GetString(), report.SigningKey.ToString().ToUpperInvariant());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_RealVector_WithItsOwnCaChain_Succeeds(string name)
    {
        var facts = SnpVectors.Facts(name);

        var result = SnpVectors.Verifier().VerifyDetailed(SnpVectors.Report(name), SnpVectors.Vek(name), SnpVectors.Time, SnpVectors.CaChain(name));

        Assert.Equal(TeeKind.AmdSevSnp, result.Evidence.Kind);
        Assert.Equal(SnpVectors.Product(name), result.Product);
        Assert.Equal(facts.GetProperty("measurement").GetString(), result.Evidence.Measurements["measurement"]);
        Assert.Equal(facts.GetProperty("host_data").GetString(), result.Evidence.Measurements["host_data"]);
        Assert.Equal(facts.GetProperty("report_data").GetString(), Convert.ToHexStringLower(result.Evidence.ReportData));
        Assert.Equal(SnpVectors.Tcb(facts.GetProperty("reported_tcb")), result.ReportedTcb);
        Assert.Equal($"NoMinimumConfigured; reported_tcb {result.ReportedTcb}", result.Evidence.TcbStatus);
        Assert.Equal((SnpVectors.Hex(facts.GetProperty("policy")) & (1UL << 19)) != 0, result.Evidence.Debug);
        Assert.Equal(SnpVectors.Time, result.Evidence.VerifiedAt);
        Assert.Empty(result.Evidence.Advisories);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_RealVector_WithOnlyPinnedRoots_Succeeds(string name)
    {
        var evidence = SnpVectors.Verifier().Verify(SnpVectors.Report(name), SnpVectors.Vek(name), SnpVectors.Time);

        Assert.Equal(SnpVectors.Facts(name).GetProperty("measurement").GetString(), evidence.Measurements["measurement"]);
    }

    [Fact]
    public void Verify_GoogleMilan_DebugPolicyBitIsReported()
    {
        var report = SnpAttestationReport.Parse(SnpVectors.Report("google-milan-vcek"));

        Assert.Equal(0xb0000UL, report.Policy);
        Assert.True(report.Debug);
        Assert.False(SnpAttestationReport.Parse(SnpVectors.Report("virtee-milan-vcek")).Debug);
    }

    [Fact]
    public void Verify_VlekOutsideItsOneYearWindow_IsExpiredOrNotYetValid()
    {
        var verifier = SnpVectors.Verifier();
        var report = SnpVectors.Report("trustee-milan-vlek");
        var vlek = SnpVectors.Vek("trustee-milan-vlek");

        var late = Assert.Throws<AttestationRejectedException>(() => verifier.Verify(report, vlek, new DateTimeOffset(2025, 12, 10, 22, 14, 22, TimeSpan.Zero)));
        var early = Assert.Throws<AttestationRejectedException>(() => verifier.Verify(report, vlek, new DateTimeOffset(2024, 12, 10, 22, 14, 20, TimeSpan.Zero)));

        Assert.Equal("certificate-expired", late.Reason);
        Assert.Equal("certificate-not-yet-valid", early.Reason);
        verifier.Verify(report, vlek, new DateTimeOffset(2025, 12, 10, 22, 14, 21, TimeSpan.Zero));
    }

    [Fact]
    public void VerifyAzureHcl_MilanHclReport_BindsRuntimeClaims()
    {
        var result = SnpVectors.Verifier().VerifyAzureHcl(
            SnpVectors.Read("sev-snp/trustee-azure-milan-vcek/hcl-report.bin"), SnpVectors.Read("sev-snp/trustee-azure-milan-vcek/vcek.pem"), SnpVectors.Time);

        Assert.Equal("9ac48fcac8a2d88aeeff8d427ad4f2be0e3917c748a18bdf52cc317e7fe20308b459d5ef1a12e0c22944eb386d17c315", result.Evidence.Measurements["measurement"]);
        Assert.Equal(5u, result.Report.GuestSvn);
        Assert.StartsWith("{\"keys\":[{\"kid\":\"HCLAkPub\"", System.Text.Encoding.UTF8.GetString(result.RuntimeClaims!), StringComparison.Ordinal);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(result.RuntimeClaims!), result.Evidence.ReportData[..32]);
    }

    [Fact]
    public void VerifyAzureHcl_GenoaEvidenceJson_VerifiesTheReportArray()
    {
        using var json = System.Text.Json.JsonDocument.Parse(SnpVectors.Read("sev-snp/trustee-azure-genoa-vcek/evidence.json"));
        var hcl = json.RootElement.GetProperty("report").EnumerateArray().Select(e => e.GetByte()).ToArray();
        var vcek = System.Text.Encoding.ASCII.GetBytes(json.RootElement.GetProperty("vcek").GetString()!);

        var result = SnpVectors.Verifier().VerifyAzureHcl(hcl, vcek, SnpVectors.Time);

        Assert.Equal(SnpProduct.Genoa, result.Product);
        Assert.Equal(SnpVectors.Read("sev-snp/trustee-azure-genoa-vcek/snp_report.derived.bin"), result.Report.Raw);
        Assert.Equal(new SnpTcbVersion(10, 0, 23, 84), result.ReportedTcb);
    }

    [Fact]
    public void VerifyAzureHcl_Byte0x1A6SetToZero_IsATcbMismatch()
    {
        // Upstream (trustee test_verify_snp_report) calls this "SNP version mismatch": byte 0x1A6 of the HCL report is
        // REPORTED_TCB's SNP SPL. The signature check comes first here, so the edit breaks the signature.
        var hcl = SnpVectors.Read("sev-snp/trustee-azure-milan-vcek/hcl-report.bin");
        hcl[0x1A6] = 0;

        var e = Assert.Throws<AttestationRejectedException>(() =>
            SnpVectors.Verifier().VerifyAzureHcl(hcl, SnpVectors.Read("sev-snp/trustee-azure-milan-vcek/vcek.pem"), SnpVectors.Time));

        Assert.Equal("snp-signature-invalid", e.Reason);
    }

    [Theory]
    [InlineData("vcek-invalid-legacy.der")]
    [InlineData("vcek-invalid-new.der")]
    public void Verify_TrusteeInvalidVceks_FailTheChain(string file)
    {
        var e = Assert.Throws<AttestationRejectedException>(() =>
            SnpVectors.Verifier().Verify(SnpVectors.Report("trustee-milan-vcek"), SnpVectors.Read($"sev-snp/trustee-milan-vcek/{file}"), SnpVectors.Time));

        Assert.Equal("vcek-chain-invalid", e.Reason);
    }

    [Theory]
    [InlineData("vcek-invalid-legacy.der")]
    [InlineData("vcek-invalid-new.der")]
    public void Read_TrusteeInvalidVceks_ReadTheHwIdInBothEncodings(string file)
    {
        var vcek = AmdKeyCertificate.Read(SnpVectors.Read($"sev-snp/trustee-milan-vcek/{file}"));

        Assert.Equal(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray(), vcek.HwId);
        Assert.Equal(SnpProduct.Milan, vcek.Product);
    }

    [Fact]
    public void Read_TurinVcek_HasAnFmcAndAnEightByteHwId()
    {
        var vcek = AmdKeyCertificate.Read(SnpVectors.Read("sev-snp/virtee-turin-vcek-chain-only/vcek.der"));
        var roots = SnpProductRoots.Load(SnpProduct.Turin, [SnpVectors.Read("sev-snp/virtee-turin-vcek-chain-only/ask_ark_turin.pem")]);

        Assert.Equal(SnpProduct.Turin, vcek.Product);
        Assert.Equal("1e550a8ee5cf9f4d", Convert.ToHexStringLower(vcek.HwId!));
        Assert.Equal(new SnpTcbVersion(0, 0, 0, 9, 0), vcek.Tcb(SnpProduct.Turin));
        Assert.True(CertificateTools.IsSignedBy(vcek.Certificate, roots.Ask!));
        Assert.False(CertificateTools.IsSignedBy(vcek.Certificate, SnpVectors.Roots(SnpProduct.Milan).Ask!));
    }
}
