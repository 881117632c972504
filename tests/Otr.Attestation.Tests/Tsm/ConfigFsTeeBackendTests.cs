using Otr.Attestation.Tsm;
using Otr.Attestation.Verification;
using Otr.Protocol;

namespace Otr.Attestation.Tests.Tsm;

/// <summary>
/// The executor's TEE backend for confidential VMs, over the in-memory configfs-tsm model; the "hardware" answers with
/// real vendor reports (a TDX quote and an SEV-SNP report from the test vectors), so measurement extraction is the real
/// parsers' work on real bytes.
/// </summary>
public sealed class ConfigFsTeeBackendTests
{
    private static byte[] Vector(string path) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "vendor", path));

    private static readonly byte[] TdxQuote = Vector("tdx/phala-v4-uptodate/quote.bin");
    private static readonly byte[] SnpReport = Vector("sev-snp/google-milan-vcek/report.bin");

    [Fact]
    public async Task TdxGuest_MeasurementComesFromTheQuoteAndEvidenceIsTheQuoteOverOurReportData()
    {
        var kernel = new SimulatedConfigFs("tdx_guest", report: _ => TdxQuote);
        using var tee = new ConfigFsTeeBackend(new ConfigFsTsm(kernel, ConfigFsTsmTests.Root));

        Assert.Equal(TeeKind.IntelTdx, tee.Kind);
        Assert.False(tee.IsInsecure);
        Assert.Equal("91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7", tee.Measurements["mrtd"]);
        Assert.Equal(MeasurementDigest.Of(TeeKind.IntelTdx, tee.Measurements), tee.Measurement);

        byte[]? asked = null;
        kernel.Report = inblob =>
        {
            asked = inblob;
            return TdxQuote;
        };
        var reportData = new ReportData(tee.EnclaveAddress, Keccak.HashUtf8("weights"), 3);
        var evidence = await tee.GetEvidenceAsync(reportData, TestContext.Current.CancellationToken);

        Assert.Equal(reportData.ToBytes(), asked);
        Assert.Equal(TdxQuote, evidence.Bytes);
        Assert.Equal(reportData.ToBytes(), evidence.ReportData);
        Assert.Equal(tee.Measurement, evidence.Measurement);
        Assert.Empty(evidence.OnChainEvidence);
    }

    [Fact]
    public void SevGuest_MeasurementIsTheLaunchDigest()
    {
        using var tee = new ConfigFsTeeBackend(new ConfigFsTsm(new SimulatedConfigFs("sev_guest", report: _ => SnpReport), ConfigFsTsmTests.Root));

        Assert.Equal(TeeKind.AmdSevSnp, tee.Kind);
        Assert.Equal("b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01", tee.Measurements["measurement"]);
        Assert.NotEqual(MeasurementDigest.Of(TeeKind.IntelTdx, new ConfigFsTeeBackend(new ConfigFsTsm(new SimulatedConfigFs("tdx_guest", report: _ => TdxQuote), ConfigFsTsmTests.Root)).Measurements), tee.Measurement);
    }

    [Fact]
    public async Task Evidence_MeasurementChangedSinceStart_IsRefused()
    {
        var kernel = new SimulatedConfigFs("tdx_guest", report: _ => TdxQuote);
        using var tee = new ConfigFsTeeBackend(new ConfigFsTsm(kernel, ConfigFsTsmTests.Root));
        kernel.Report = _ => Vector("tdx/phala-v5-outdated/quote.bin");

        var e = await Assert.ThrowsAsync<AttestationRejectedException>(() => tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, Bytes32.Zero, 0), TestContext.Current.CancellationToken));

        Assert.Contains("another measurement", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evidence_ForAnotherKey_IsAnArgumentError()
    {
        using var tee = new ConfigFsTeeBackend(new ConfigFsTsm(new SimulatedConfigFs("tdx_guest", report: _ => TdxQuote), ConfigFsTsmTests.Root));

        await Assert.ThrowsAsync<ArgumentException>(() => tee.GetEvidenceAsync(new ReportData("0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF", Bytes32.Zero, 0), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Start_GarbageReport_IsARejectionNotACrash()
    {
        var e = Assert.ThrowsAny<AttestationRejectedException>(() => new ConfigFsTeeBackend(new ConfigFsTsm(new SimulatedConfigFs("tdx_guest", report: _ => new byte[100]), ConfigFsTsmTests.Root)));
        Assert.False(string.IsNullOrEmpty(e.Reason));
    }

    [Fact]
    public void Sign_ProducesSignaturesOfTheEnclaveKey()
    {
        using var tee = new ConfigFsTeeBackend(new ConfigFsTsm(new SimulatedConfigFs("tdx_guest", report: _ => TdxQuote), ConfigFsTsmTests.Root));
        var digest = Keccak.HashUtf8("receipt");

        Assert.True(Secp256k1.TryRecover(digest, tee.Sign(digest), out var signer));
        Assert.Equal(tee.EnclaveAddress, signer, ignoreCase: true);
    }

    [Fact]
    public async Task SevGuest_EvidenceCarriesTheVcekFromTheHostsCertificateTable()
    {
        var vcek = Vector("sev-snp/google-milan-vcek/vcek.der");
        var table = Otr.Attestation.Snp.SnpCertificateTable.Build([(Otr.Attestation.Snp.SnpCertificateTable.Vcek, vcek)]);
        using var tee = new ConfigFsTeeBackend(new ConfigFsTsm(new SimulatedConfigFs("sev_guest", aux: table, report: _ => SnpReport), ConfigFsTsmTests.Root));

        var evidence = await tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, Bytes32.Zero, 0), TestContext.Current.CancellationToken);

        using var first = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(evidence.Certificates));
        Assert.Equal(vcek, first.RawData);
    }
}
