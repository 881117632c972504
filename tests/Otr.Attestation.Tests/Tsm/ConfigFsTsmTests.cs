using Otr.Attestation.Tsm;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Tsm;

/// <summary>
/// configfs-tsm exists only inside a TDX or SEV-SNP guest, so these tests drive <see cref="ConfigFsTsm"/> against an
/// in-memory model of the kernel's semantics (entries created by mkdir with their attribute files, generation bumped
/// on every inblob write, the report produced on outblob read), plus the real file system for the failure paths.
/// </summary>
public sealed class ConfigFsTsmTests
{
    internal const string Root = "/sys/kernel/config/tsm/report";

    private static byte[] Data(byte fill) => Enumerable.Repeat(fill, 64).ToArray();

    [Fact]
    public void GetReport_TdxGuest_ReturnsTheQuoteOverTheReportDataAndRemovesItsEntry()
    {
        var kernel = new SimulatedConfigFs("tdx_guest");
        var tsm = new ConfigFsTsm(kernel, Root);

        var report = tsm.GetReport(Data(7));

        Assert.Equal("tdx_guest", report.Provider);
        Assert.Equal(TeeKind.IntelTdx, report.Kind);
        Assert.Equal([.. "QUOTE"u8, .. Data(7)], report.OutBlob);
        Assert.Empty(report.AuxBlob);
        Assert.Equal(1, report.Generation);
        Assert.Empty(kernel.Entries);
        Assert.Equal(1, kernel.EntriesCreated);
    }

    [Fact]
    public void GetReport_SevGuest_ReturnsTheAuxBlobAndWritesThePrivilegeLevel()
    {
        var kernel = new SimulatedConfigFs("sev_guest", aux: [1, 2, 3]);

        var report = new ConfigFsTsm(kernel, Root).GetReport(Data(1), privilegeLevel: 2);

        Assert.Equal(TeeKind.AmdSevSnp, report.Kind);
        Assert.Equal([1, 2, 3], report.AuxBlob);
        Assert.Equal("2", kernel.LastPrivilegeLevel);
    }

    [Fact]
    public void GetReport_ConcurrentWriterOnce_RetriesAndReturnsOurOwnReport()
    {
        var kernel = new SimulatedConfigFs("tdx_guest") { RacesLeft = 1 };

        var report = new ConfigFsTsm(kernel, Root).GetReport(Data(9));

        Assert.Equal([.. "QUOTE"u8, .. Data(9)], report.OutBlob);
        Assert.Equal(3, report.Generation);
    }

    [Fact]
    public void GetReport_ConcurrentWriterEveryTime_IsRefusedWithTheReason()
    {
        var kernel = new SimulatedConfigFs("tdx_guest") { RacesLeft = 100 };

        var e = Assert.Throws<AttestationRejectedException>(() => new ConfigFsTsm(kernel, Root).GetReport(Data(9)));

        Assert.Equal(ConfigFsTsm.UnavailableReason, e.Reason);
        Assert.Contains("rewritten by another writer", e.Message, StringComparison.Ordinal);
        Assert.Empty(kernel.Entries);
    }

    [Fact]
    public void GetReport_WrongLength_IsAnArgumentError()
    {
        var e = Assert.Throws<ArgumentException>(() => new ConfigFsTsm(new SimulatedConfigFs("tdx_guest"), Root).GetReport(new byte[32]));
        Assert.Contains("exactly 64 bytes, got 32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetReport_NoConfigFs_SaysSo()
    {
        var missing = Path.Combine(Path.GetTempPath(), "otr-no-tsm-" + Guid.NewGuid().ToString("N"));
        var tsm = new ConfigFsTsm(missing);

        Assert.False(tsm.IsAvailable);
        var e = Assert.Throws<AttestationRejectedException>(() => tsm.GetReport(Data(0)));
        Assert.Equal(ConfigFsTsm.UnavailableReason, e.Reason);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetReport_PlainDirectoryInsteadOfConfigFs_FailsWithTheReasonAndCleansUp()
    {
        var root = Directory.CreateTempSubdirectory("otr-fake-tsm-").FullName;
        try
        {
            var e = Assert.Throws<AttestationRejectedException>(() => new ConfigFsTsm(root).GetReport(Data(0)));

            Assert.Equal(ConfigFsTsm.UnavailableReason, e.Reason);
            Assert.Contains("inblob", e.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetDirectories(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Kind_UnknownProvider_IsNotSupported()
    {
        var e = Assert.Throws<NotSupportedException>(() => new TsmReport("arm_cca_guest", [], [], 1).Kind);
        Assert.Contains("arm_cca_guest", e.Message, StringComparison.Ordinal);
    }
}
