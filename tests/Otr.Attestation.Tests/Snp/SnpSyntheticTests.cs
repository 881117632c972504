using Otr.Attestation.Snp;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Snp;

public sealed class SnpSyntheticTests
{
    private static readonly SnpTcbVersion Tcb = new(3, 0, 8, 115);

    private static string Reason(Action action) => Assert.Throws<AttestationRejectedException>(action).Reason;

    [Fact]
    public void Verify_SyntheticEvidence_VerifiesWithItsOwnPinnedRoot()
    {
        var amd = SyntheticSnp.Milan;

        var result = amd.Verifier().VerifyDetailed(amd.Report(Tcb), amd.Vcek(Tcb), SyntheticSnp.Time);

        Assert.Equal(Tcb, result.ReportedTcb);
        Assert.False(result.Evidence.Debug);
        Assert.Equal(string.Concat(Enumerable.Repeat("5a", 48)), result.Evidence.Measurements["measurement"]);
    }

    [Fact]
    public void Verify_DebugPolicy_IsReportedNotRejected()
    {
        var amd = SyntheticSnp.Milan;

        var evidence = amd.Verifier().Verify(amd.Report(Tcb, policy: 0x30000 | (1UL << 19)), amd.Vcek(Tcb), SyntheticSnp.Time);

        Assert.True(evidence.Debug);
    }

    [Theory]
    [InlineData(4, 0, 8, 115)]
    [InlineData(3, 1, 8, 115)]
    [InlineData(3, 0, 9, 115)]
    [InlineData(3, 0, 8, 116)]
    public void Verify_CertificateTcbDiffersFromReportedTcb_IsATcbMismatch(int bl, int tee, int snp, int ucode)
    {
        var amd = SyntheticSnp.Milan;
        var certified = new SnpTcbVersion((byte)bl, (byte)tee, (byte)snp, (byte)ucode);

        var e = Assert.Throws<AttestationRejectedException>(() => amd.Verifier().Verify(amd.Report(Tcb), amd.Vcek(certified), SyntheticSnp.Time));

        Assert.Equal("vcek-tcb-mismatch", e.Reason);
        Assert.Contains($"issued for TCB {certified}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TurinLayout_ComparesFmcToo()
    {
        var amd = SyntheticSnp.Turin;
        var tcb = new SnpTcbVersion(1, 2, 3, 4, Fmc: 5);

        var ok = amd.Verifier().VerifyDetailed(amd.Report(tcb), amd.Vcek(tcb), SyntheticSnp.Time);
        var fmcDiffers = Reason(() => amd.Verifier().Verify(amd.Report(tcb), amd.Vcek(tcb with { Fmc = 6 }), SyntheticSnp.Time));

        Assert.Equal(tcb, ok.ReportedTcb);
        Assert.Equal("fmc=5 bl=1 tee=2 snp=3 ucode=4", ok.ReportedTcb.ToString());
        Assert.Equal("vcek-tcb-mismatch", fmcDiffers);
    }

    [Fact]
    public void Verify_VcekOfAnotherChip_IsAChipIdMismatch_UnlessTheGuestMaskedIt()
    {
        var amd = SyntheticSnp.Milan;
        var otherChip = new byte[64];
        otherChip[0] = 1;

        Assert.Equal("chip-id-mismatch", Reason(() => amd.Verifier().Verify(amd.Report(Tcb), amd.Vcek(Tcb, hwId: otherChip), SyntheticSnp.Time)));
        amd.Verifier().Verify(amd.Report(Tcb, chipId: new byte[64], keyInfo: 2), amd.Vcek(Tcb, hwId: otherChip), SyntheticSnp.Time);
    }

    [Fact]
    public void Verify_VcekWithoutMicrocodeSpl_IsAMalformedExtension()
    {
        var amd = SyntheticSnp.Milan;

        Assert.Equal("vcek-extension-malformed", Reason(() => amd.Verifier().Verify(amd.Report(Tcb), amd.Vcek(Tcb, omitMicrocode: true), SyntheticSnp.Time)));
    }

    [Fact]
    public void Verify_CpuidOfAnotherProduct_IsAProductMismatch()
    {
        var amd = SyntheticSnp.Milan;
        var report = amd.Report(Tcb);
        report[0x189] = 0x11;
        amd.Sign(report);

        Assert.Equal("snp-product-mismatch", Reason(() => amd.Verifier().Verify(report, amd.Vcek(Tcb), SyntheticSnp.Time)));
    }

    [Fact]
    public void Verify_Version5Report_ReadsTheMitigationVectors()
    {
        var amd = SyntheticSnp.Milan;
        var report = amd.Report(Tcb, version: 5);
        report[0x1F8] = 0x11;
        report[0x200] = 0x22;
        amd.Sign(report);

        var result = amd.Verifier().VerifyDetailed(report, amd.Vcek(Tcb), SyntheticSnp.Time);

        Assert.Equal((0x11UL, 0x22UL), (result.Report.LaunchMitigationVector, result.Report.CurrentMitigationVector));
        Assert.Equal(0UL, SnpAttestationReport.Parse(amd.Report(Tcb, version: 4)).LaunchMitigationVector);
    }

    [Fact]
    public void Verify_ExpiredVcek_IsExpired()
    {
        var amd = SyntheticSnp.Milan;

        Assert.Equal("certificate-expired", Reason(() =>
            amd.Verifier().Verify(amd.Report(Tcb), amd.Vcek(Tcb, notAfter: SyntheticSnp.Time.AddDays(-1)), SyntheticSnp.Time)));
    }

    [Fact]
    public void Verify_CrlRevokingTheAsk_IsRevoked()
    {
        var amd = SyntheticSnp.Milan;
        var crl = amd.Crl([amd.Ask.SerialNumberBytes.ToArray()], SyntheticSnp.Time.AddDays(-1), SyntheticSnp.Time.AddDays(30));

        var e = Assert.Throws<AttestationRejectedException>(() =>
            amd.Verifier(new SnpVerifierOptions { Crls = new Dictionary<SnpProduct, byte[]> { [SnpProduct.Milan] = crl } })
                .Verify(amd.Report(Tcb), amd.Vcek(Tcb), SyntheticSnp.Time));

        Assert.Equal("certificate-revoked", e.Reason);
        Assert.Equal([new System.Numerics.BigInteger(amd.Ask.SerialNumberBytes.Span, isBigEndian: true)], AmdCrl.Read(crl).RevokedSerials);
    }

    [Fact]
    public void Verify_CrlListingOthers_Passes()
    {
        var amd = SyntheticSnp.Milan;
        var crl = amd.Crl([[0x42]], SyntheticSnp.Time.AddDays(-1), SyntheticSnp.Time.AddDays(30));

        amd.Verifier(new SnpVerifierOptions { Crls = new Dictionary<SnpProduct, byte[]> { [SnpProduct.Milan] = crl } })
            .Verify(amd.Report(Tcb), amd.Vcek(Tcb), SyntheticSnp.Time);
    }

    [Fact]
    public void Verify_StaleOrFutureCrl_IsExpired()
    {
        var amd = SyntheticSnp.Milan;
        var stale = amd.Crl([], SyntheticSnp.Time.AddDays(-60), SyntheticSnp.Time.AddDays(-30));
        var future = amd.Crl([], SyntheticSnp.Time.AddDays(1), SyntheticSnp.Time.AddDays(30));

        foreach (var crl in new[] { stale, future })
        {
            Assert.Equal("crl-expired", Reason(() =>
                amd.Verifier(new SnpVerifierOptions { Crls = new Dictionary<SnpProduct, byte[]> { [SnpProduct.Milan] = crl } })
                    .Verify(amd.Report(Tcb), amd.Vcek(Tcb), SyntheticSnp.Time)));
        }
    }

    [Fact]
    public void Verify_CrlNotSignedByTheArk_IsInvalid()
    {
        var amd = SyntheticSnp.Milan;
        using var stranger = System.Security.Cryptography.RSA.Create(2048);
        var forged = amd.Crl([], SyntheticSnp.Time.AddDays(-1), SyntheticSnp.Time.AddDays(30), stranger);

        Assert.Equal("crl-invalid", Reason(() =>
            amd.Verifier(new SnpVerifierOptions { Crls = new Dictionary<SnpProduct, byte[]> { [SnpProduct.Milan] = forged } })
                .Verify(amd.Report(Tcb), amd.Vcek(Tcb), SyntheticSnp.Time)));
        Assert.Equal("crl-invalid", Reason(() => AmdCrl.Read([1, 2, 3])));
    }

    [Fact]
    public void TcbVersion_DecodeAndIsAtLeast_FollowTheLayouts()
    {
        Assert.Equal(new SnpTcbVersion(3, 0, 8, 115), SnpTcbVersion.Decode(0x7308000000000003, SnpProduct.Milan));
        Assert.Equal(new SnpTcbVersion(3, 0, 8, 115), SnpTcbVersion.Decode(0x7308000000000003, SnpProduct.Genoa));
        Assert.Equal(new SnpTcbVersion(1, 2, 3, 4, 5), SnpTcbVersion.Decode(0x0400000003020105, SnpProduct.Turin));
        Assert.True(new SnpTcbVersion(3, 0, 8, 115).IsAtLeast(new SnpTcbVersion(3, 0, 8, 115)));
        Assert.False(new SnpTcbVersion(3, 0, 8, 115).IsAtLeast(new SnpTcbVersion(3, 0, 8, 116)));
        Assert.False(new SnpTcbVersion(2, 9, 9, 255).IsAtLeast(new SnpTcbVersion(3, 0, 0, 0)));
        Assert.False(new SnpTcbVersion(1, 1, 1, 1, 0).IsAtLeast(new SnpTcbVersion(1, 1, 1, 1, 1)));
    }
}
