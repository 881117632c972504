using System.Text.Json;
using Otr.Attestation.Nvidia;

namespace Otr.Attestation.Tests.Nvidia;

/// <summary>Our SPDM parser against trustee's independent one: its claims for the nvtrust sample report are checked in.</summary>
public sealed class NvidiaDifferentialTests
{
    [Fact]
    public void ParseHex_Sample_AgreesWithTrusteesClaims()
    {
        using var claims = JsonDocument.Parse(NvidiaVectors.Read("nvidia/hopper-nvtrust-sample/expected_claims_trustee.json"));
        var config = claims.RootElement.GetProperty("config");
        var measurements = claims.RootElement.GetProperty("measurements");

        var report = SpdmMeasurementReport.ParseHex(NvidiaVectors.ReportHex(NvidiaVectors.Sample));

        Assert.Equal(64, measurements.EnumerateObject().Count());
        foreach (var block in report.Blocks)
        {
            Assert.Equal(measurements.GetProperty(block.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetString(), Convert.ToHexStringLower(block.Value));
        }

        var opaque = report.OpaqueData;
        Assert.Equal(config.GetProperty("driver_version").GetString(), opaque.DriverVersion);
        Assert.Equal(config.GetProperty("vbios_version").GetString(), opaque.VbiosVersion);
        Assert.Equal(config.GetProperty("fwid").GetString(), Convert.ToHexStringLower(opaque.Fwid!));
        Assert.Equal(config.GetProperty("project").GetString(), opaque.Project);
        Assert.Equal(config.GetProperty("project_sku").GetString(), opaque.ProjectSku);
        Assert.Equal(config.GetProperty("chip_sku").GetString(), opaque.ChipSku);
        Assert.Equal(config.GetProperty("board_id").GetString(), Convert.ToHexStringLower(opaque.Fields[14]));
        Assert.Equal(config.GetProperty("gpu_info").GetString(), Convert.ToHexStringLower(opaque.Fields[4]));
        var counts = config.GetProperty("measurement_count");
        Assert.Equal(64, opaque.MeasurementCounts!.Count);
        for (var i = 0; i < 64; i++)
        {
            Assert.Equal(counts.GetProperty((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).GetUInt32(), opaque.MeasurementCounts[i]);
        }
    }
}
