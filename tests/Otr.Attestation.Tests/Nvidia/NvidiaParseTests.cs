using Otr.Attestation.Nvidia;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Nvidia;

public sealed class NvidiaParseTests
{
    private static readonly string[] TruncationReasons = ["gpu-report-truncated", "gpu-response-malformed", "gpu-opaque-data-malformed"];

    public static TheoryData<string> Cases => new(NvidiaVectors.Sample, NvidiaVectors.CocoCi);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParseHex_RealReport_GivesNonceBlocksAndOpaqueClaims(string name)
    {
        var facts = NvidiaVectors.Facts(name);

        var report = SpdmMeasurementReport.ParseHex(NvidiaVectors.ReportHex(name));

        Assert.Equal(facts.GetProperty("nonce").GetString(), Convert.ToHexStringLower(report.Nonce));
        Assert.Equal(facts.GetProperty("measurement_blocks").GetInt32(), report.Blocks.Count);
        Assert.Equal(Enumerable.Range(1, 64).Select(i => (byte)i), report.Blocks.Select(b => b.Index));
        Assert.All(report.Blocks, b => Assert.Equal(48, b.Value.Length));
        Assert.Equal(facts.GetProperty("driver_version").GetString(), report.OpaqueData.DriverVersion);
        Assert.Equal(facts.GetProperty("vbios_version").GetString(), report.OpaqueData.VbiosVersion);
        Assert.Equal(facts.GetProperty("fwid").GetString(), Convert.ToHexStringLower(report.OpaqueData.Fwid!));
        Assert.Equal("1010", report.OpaqueData.Project);
        Assert.Equal("0200", report.OpaqueData.ProjectSku);
        Assert.Equal("882", report.OpaqueData.ChipSku);
        Assert.Equal(96, report.Signature.Length);
    }

    [Fact]
    public void ParseHex_Sample_MeasurementTwoIsTheExpectedDigest()
    {
        var report = SpdmMeasurementReport.ParseHex(NvidiaVectors.ReportHex(NvidiaVectors.Sample));

        Assert.Equal(NvidiaVectors.Facts(NvidiaVectors.Sample).GetProperty("measurement_index_2").GetString(), Convert.ToHexStringLower(report.Block(2)!.Value));
    }

    [Fact]
    public void ParseHex_CocoCi_ToleratesTheTrailingZeroByte()
    {
        var bytes = NvidiaVectors.Report(NvidiaVectors.CocoCi);

        var report = SpdmMeasurementReport.Parse(bytes);

        Assert.Equal(bytes.Length - 97, report.SignedBytes.Length);
        bytes[^1] = 1;
        Assert.Equal("gpu-report-trailing-data", Assert.Throws<AttestationRejectedException>(() => SpdmMeasurementReport.Parse(bytes)).Reason);
    }

    [Fact]
    public void ParseHex_NotHex_IsRejected()
    {
        Assert.Equal("gpu-report-not-hex", Assert.Throws<AttestationRejectedException>(() => SpdmMeasurementReport.ParseHex("11e0zz")).Reason);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_EveryTruncation_IsRejectedWithAReason(string name)
    {
        var bytes = NvidiaVectors.Report(name);
        var signedEnd = SpdmMeasurementReport.Parse(bytes).SignedBytes.Length;

        for (var length = 0; length < signedEnd + 96; length++)
        {
            var e = Assert.Throws<AttestationRejectedException>(() => SpdmMeasurementReport.Parse(bytes.AsSpan(0, length)));
            Assert.Contains(e.Reason, TruncationReasons);
        }
    }

    [Theory]
    [InlineData(NvidiaVectors.SampleDriverRim, "545.00", 64)]
    [InlineData(NvidiaVectors.SampleVbiosRim, "96.00.5E.00.01", 64)]
    [InlineData(NvidiaVectors.CocoVbiosRim, "96.00.74.00.1A", 64)]
    public void Rim_Parse_ReadsVersionAndMeasurements(string file, string version, int count)
    {
        var rim = NvidiaRim.Parse(NvidiaVectors.Read(file));

        Assert.Equal(version, rim.Version);
        Assert.Equal("GH100", rim.Product);
        Assert.Equal(count, rim.Measurements.Count);
        Assert.All(rim.Measurements, m => Assert.All(m.Alternatives, a => Assert.Equal(48, a.Length)));
    }

    [Theory]
    [InlineData(NvidiaVectors.SampleDriverRim)]
    [InlineData(NvidiaVectors.SampleVbiosRim)]
    [InlineData(NvidiaVectors.CocoVbiosRim)]
    public void RimSignature_RealRim_VerifiesToTheNvidiaRimRoot(string file)
    {
        var chain = NvidiaRimSignature.Verify(NvidiaRim.Parse(NvidiaVectors.Read(file)), NvidiaVectors.Roots(), NvidiaVectors.Time);

        Assert.Contains("HCC RIM L4 Signer", chain[0].Subject, StringComparison.Ordinal);
        Assert.Contains("NVIDIA CoRIM signing Root CA", chain[^1].Subject, StringComparison.Ordinal);
    }
}
