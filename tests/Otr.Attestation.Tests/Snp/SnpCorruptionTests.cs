using System.Buffers.Binary;
using System.Text;
using Otr.Attestation.Snp;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Snp;

public sealed class SnpCorruptionTests
{
    private static readonly string[] ChainOrParseFailure = ["vcek-chain-invalid", "certificate-malformed"];

    private static string Reason(Action action) => Assert.Throws<AttestationRejectedException>(action).Reason;

    private static string VerifyReason(string name, byte[] report) =>
        Reason(() => SnpVectors.Verifier().Verify(report, SnpVectors.Vek(name), SnpVectors.Time));

    [Fact]
    public void Parse_EveryShorterLength_IsTruncated()
    {
        var report = SnpVectors.Report("trustee-milan-vcek");

        for (var length = 0; length < SnpAttestationReport.Length; length++)
        {
            Assert.Equal("snp-report-truncated", Reason(() => SnpAttestationReport.Parse(report.AsSpan(0, length))));
        }
    }

    [Fact]
    public void Parse_LongerThanAReport_IsOversized()
    {
        var longer = SnpVectors.Report("trustee-milan-vcek").Concat(new byte[1]).ToArray();

        Assert.Equal("snp-report-oversized", Reason(() => SnpAttestationReport.Parse(longer)));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(6u)]
    [InlineData(0xFFFFFFFFu)]
    public void Parse_UnknownVersion_IsUnsupported(uint version)
    {
        var report = SnpVectors.Report("trustee-milan-vcek");
        BinaryPrimitives.WriteUInt32LittleEndian(report, version);

        Assert.Equal("snp-report-version-unsupported", Reason(() => SnpAttestationReport.Parse(report)));
    }

    [Fact]
    public void Parse_OtherSignatureAlgorithm_IsUnsupported()
    {
        var report = SnpVectors.Report("trustee-milan-vcek");
        report[0x34] = 2;

        Assert.Equal("snp-signature-algorithm-unsupported", Reason(() => SnpAttestationReport.Parse(report)));
    }

    [Theory]
    [InlineData(7u << 2)]
    [InlineData(2u << 2)]
    public void Parse_NoOrReservedSigningKey_IsUnsupported(uint keyInfo)
    {
        var report = SnpVectors.Report("trustee-milan-vcek");
        BinaryPrimitives.WriteUInt32LittleEndian(report.AsSpan(0x48), keyInfo);

        Assert.Equal("snp-signing-key-unsupported", Reason(() => SnpAttestationReport.Parse(report)));
    }

    [Theory]
    [InlineData(0x2A0)]
    [InlineData(0x2A0 + 47)]
    [InlineData(0x2E8)]
    [InlineData(0x2E8 + 47)]
    [InlineData(0x2A0 + 60)]
    public void Verify_FlippedSignatureByte_IsASignatureFailure(int offset)
    {
        var report = SnpVectors.Report("google-milan-vcek");
        report[offset] ^= 0x01;

        Assert.Equal("snp-signature-invalid", VerifyReason("google-milan-vcek", report));
    }

    [Theory]
    [MemberData(nameof(SnpRealVectorTests.Cases), MemberType = typeof(SnpRealVectorTests))]
    public void Verify_FlippedMeasurementByte_IsASignatureFailure(string name)
    {
        var report = SnpVectors.Report(name);
        report[0x90 + 17] ^= 0x40;

        Assert.Equal("snp-signature-invalid", VerifyReason(name, report));
    }

    [Fact]
    public void Verify_VirteeUpstreamEdits_FailAsUpstreamSays()
    {
        var report = SnpVectors.Report("virtee-milan-vcek");
        report[21] ^= 0x80;
        var vcek = SnpVectors.Vek("virtee-milan-vcek");
        vcek[40] ^= 0xFF;

        Assert.Equal("snp-signature-invalid", VerifyReason("virtee-milan-vcek", report));
        Assert.Contains(Reason(() => SnpVectors.Verifier().Verify(SnpVectors.Report("virtee-milan-vcek"), vcek, SnpVectors.Time)),
            ChainOrParseFailure);
    }

    [Theory]
    [InlineData(42)]
    [InlineData(384)]
    public void Verify_TrusteeUpstreamEdits_BreakTheSignature(int offset)
    {
        var report = SnpVectors.Report("trustee-milan-vcek");
        report[offset]++;

        Assert.Equal("snp-signature-invalid", VerifyReason("trustee-milan-vcek", report));
    }

    [Fact]
    public void Verify_MilanVcekWithGenoaAskArkFromTheEvidence_IsAnUntrustedRoot()
    {
        var genoaChain = SnpVectors.Read("roots/amd_ask_ark_asvk_genoa.pem");

        Assert.Equal("vcek-chain-untrusted-root", Reason(() =>
            SnpVectors.Verifier().Verify(SnpVectors.Report("google-milan-vcek"), SnpVectors.Vek("google-milan-vcek"), SnpVectors.Time, genoaChain)));
    }

    [Fact]
    public void Verify_MilanVcekAgainstGenoaAskPinnedAsMilan_IsAnInvalidChain()
    {
        var genoa = SnpVectors.Read("roots/amd_ask_ark_asvk_genoa.pem");
        var roots = SnpProductRoots.Load(SnpProduct.Milan, [genoa], SnpProductRoots.AmdArkSha256[SnpProduct.Genoa]);

        Assert.Equal("vcek-chain-invalid", Reason(() =>
            new SnpVerifier([roots]).Verify(SnpVectors.Report("trustee-milan-vcek"), SnpVectors.Vek("trustee-milan-vcek"), SnpVectors.Time)));
    }

    [Fact]
    public void Verify_ConfiguredProductDiffersFromTheCertificate_IsAProductMismatch()
    {
        Assert.Equal("snp-product-mismatch", Reason(() =>
            SnpVectors.Verifier(new SnpVerifierOptions { Product = SnpProduct.Genoa })
                .Verify(SnpVectors.Report("trustee-milan-vcek"), SnpVectors.Vek("trustee-milan-vcek"), SnpVectors.Time)));
    }

    [Fact]
    public void Verify_ProductWithoutPinnedRoots_IsNotTrusted()
    {
        var genoaOnly = new SnpVerifier([SnpVectors.Roots(SnpProduct.Genoa)]);

        Assert.Equal("snp-product-not-trusted", Reason(() => genoaOnly.Verify(SnpVectors.Report("trustee-milan-vcek"), SnpVectors.Vek("trustee-milan-vcek"), SnpVectors.Time)));
    }

    [Fact]
    public void Verify_VlekReportWithAVcek_IsAKindMismatch()
    {
        Assert.Equal("vcek-kind-mismatch", Reason(() =>
            SnpVectors.Verifier().Verify(SnpVectors.Report("trustee-milan-vlek"), SnpVectors.Vek("trustee-milan-vcek"), SnpVectors.Time)));
    }

    [Fact]
    public void Verify_VcekReportWithAnotherChipsVcek_IsASignatureFailure()
    {
        Assert.Equal("snp-signature-invalid", Reason(() =>
            SnpVectors.Verifier().Verify(SnpVectors.Report("trustee-milan-vcek"), SnpVectors.Vek("virtee-milan-vcek"), SnpVectors.Time)));
    }

    [Theory]
    [InlineData("2029-09-24T00:55:29Z", "certificate-expired")]
    [InlineData("2022-09-24T00:55:27Z", "certificate-not-yet-valid")]
    [InlineData("2046-01-01T00:00:00Z", "certificate-expired")]
    public void Verify_GoogleMilanOutsideItsWindows_IsRejected(string time, string reason)
    {
        Assert.Equal(reason, Reason(() =>
            SnpVectors.Verifier().Verify(SnpVectors.Report("google-milan-vcek"), SnpVectors.Vek("google-milan-vcek"), DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Verify_MinimumTcb_DecidesTheStatusWordButDoesNotReject()
    {
        var report = SnpVectors.Report("trustee-milan-vcek");
        var vcek = SnpVectors.Vek("trustee-milan-vcek");

        var met = SnpVectors.Verifier(new SnpVerifierOptions { MinimumTcb = new SnpTcbVersion(3, 0, 8, 115) }).Verify(report, vcek, SnpVectors.Time);
        var below = SnpVectors.Verifier(new SnpVerifierOptions { MinimumTcb = new SnpTcbVersion(3, 0, 9, 0) }).Verify(report, vcek, SnpVectors.Time);

        Assert.Equal("AtOrAboveMinimum; reported_tcb bl=3 tee=0 snp=8 ucode=115; minimum bl=3 tee=0 snp=8 ucode=115", met.TcbStatus);
        Assert.Equal("BelowMinimum; reported_tcb bl=3 tee=0 snp=8 ucode=115; minimum bl=3 tee=0 snp=9 ucode=0", below.TcbStatus);
    }

    [Fact]
    public void Roots_GenoaFilesLoadedAsMilan_AreNotPinned()
    {
        Assert.Equal("ark-not-pinned", Reason(() => SnpProductRoots.Load(SnpProduct.Milan, [SnpVectors.Read("roots/amd_ask_ark_asvk_genoa.pem")])));
        Assert.Equal("ark-not-pinned", Reason(() => SnpProductRoots.Load(SnpProduct.Milan, [SnpVectors.Read("roots/amd_ask_milan.pem")])));
    }

    [Fact]
    public void Roots_AskOfAnotherProduct_IsUntrusted()
    {
        Assert.Equal("vcek-chain-untrusted-root", Reason(() =>
            SnpProductRoots.Load(SnpProduct.Milan, [SnpVectors.Read("roots/amd_ark_milan.pem"), SnpVectors.Read("roots/amd_ask_genoa.pem")])));
    }

    [Fact]
    public void Roots_SeparateArkAndAskFiles_LoadLikeTheBundle()
    {
        var roots = SnpProductRoots.Load(SnpProduct.Genoa, [SnpVectors.Read("roots/amd_ask_genoa.pem"), SnpVectors.Read("roots/amd_ark_genoa.pem")]);

        Assert.Equal(SnpVectors.Roots(SnpProduct.Genoa).Ask!.RawData, roots.Ask!.RawData);
        Assert.Null(roots.Asvk);
    }

    [Fact]
    public void Vek_NotACertificate_IsMalformed()
    {
        Assert.Equal("certificate-malformed", Reason(() => AmdKeyCertificate.Read([0x30, 0x03, 0x02, 0x01, 0x01])));
        Assert.Equal("certificate-malformed", Reason(() => AmdKeyCertificate.Read("no pem here"u8)));
    }

    [Fact]
    public void Hcl_TamperedRuntimeClaims_BreakTheBinding()
    {
        var hcl = SnpVectors.Read("sev-snp/trustee-azure-milan-vcek/hcl-report.bin");
        var claims = Encoding.ASCII.GetBytes("HCLAkPub");
        var at = hcl.AsSpan(1236).IndexOf(claims) + 1236;
        hcl[at] = (byte)'X';

        Assert.Equal("hcl-report-data-mismatch", Reason(() =>
            SnpVectors.Verifier().VerifyAzureHcl(hcl, SnpVectors.Read("sev-snp/trustee-azure-milan-vcek/vcek.pem"), SnpVectors.Time)));
    }

    [Fact]
    public void Hcl_Malformations_HaveTheirReasons()
    {
        var hcl = SnpVectors.Read("sev-snp/trustee-azure-milan-vcek/hcl-report.bin");

        var badMagic = (byte[])hcl.Clone();
        badMagic[0] = (byte)'X';
        var badType = (byte[])hcl.Clone();
        badType[1216 + 8] = 4;
        var badHash = (byte[])hcl.Clone();
        badHash[1216 + 12] = 9;
        var longClaims = (byte[])hcl.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(longClaims.AsSpan(1216 + 16), 5000);

        Assert.Equal("hcl-report-malformed", Reason(() => AzureHclReport.Parse(badMagic)));
        Assert.Equal("hcl-report-malformed", Reason(() => AzureHclReport.Parse(badType)));
        Assert.Equal("hcl-report-malformed", Reason(() => AzureHclReport.Parse(badHash)));
        Assert.Equal("hcl-report-truncated", Reason(() => AzureHclReport.Parse(longClaims)));
        for (var length = 0; length < 1236; length += 7)
        {
            Assert.Equal("hcl-report-truncated", Reason(() => AzureHclReport.Parse(hcl.AsSpan(0, length))));
        }
    }
}
