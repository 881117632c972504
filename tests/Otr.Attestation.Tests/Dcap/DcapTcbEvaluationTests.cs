using System.Text;
using Otr.Attestation.Dcap;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Dcap;

public sealed class DcapTcbEvaluationTests
{
    private static readonly DateTimeOffset Date = new(2024, 3, 13, 0, 0, 0, TimeSpan.Zero);

    private static int[] Svns(params int[] head) => [.. head, .. new int[16 - head.Length]];

    private static TcbLevel Level(int[] sgx, int pce, string status, int[]? tdx = null, params string[] advisories) =>
        new(sgx, pce, tdx ?? [], Date, status, advisories);

    [Fact]
    public void FindPlatformLevel_ComparesEveryComponent_NotLexicographically()
    {
        var levels = new[] { Level(Svns(2, 9), 10, "UpToDate"), Level(Svns(1, 1), 10, "OutOfDate") };
        // Lexicographically [3,1] > [2,9], but component 2 is below the first level's: the second level applies.
        Assert.Equal("OutOfDate", DcapTcbEvaluation.FindPlatformLevel(levels, Svns(3, 1), 10, [])!.Status);
        Assert.Equal("UpToDate", DcapTcbEvaluation.FindPlatformLevel(levels, Svns(2, 9), 10, [])!.Status);
        Assert.Null(DcapTcbEvaluation.FindPlatformLevel(levels, Svns(0, 9), 10, []));
    }

    [Fact]
    public void FindPlatformLevel_NeedsThePceSvn()
    {
        var levels = new[] { Level(Svns(1), 13, "UpToDate"), Level(Svns(1), 5, "OutOfDate") };
        Assert.Equal("UpToDate", DcapTcbEvaluation.FindPlatformLevel(levels, Svns(1), 13, [])!.Status);
        Assert.Equal("OutOfDate", DcapTcbEvaluation.FindPlatformLevel(levels, Svns(1), 12, [])!.Status);
        Assert.Null(DcapTcbEvaluation.FindPlatformLevel(levels, Svns(1), 4, []));
    }

    [Fact]
    public void FindPlatformLevel_Tdx_SkipsModuleBytesWhenTheModuleHasAMajorVersion()
    {
        var levels = new[] { Level(Svns(), 0, "UpToDate", Svns(5, 0, 3)), Level(Svns(), 0, "OutOfDate", Svns(0, 0, 2)) };
        byte[] withModule = [.. new byte[] { 1, 1, 3 }, .. new byte[13]];
        byte[] noModule = [.. new byte[] { 1, 0, 3 }, .. new byte[13]];
        Assert.Equal("UpToDate", DcapTcbEvaluation.FindPlatformLevel(levels, Svns(), 0, withModule)!.Status);
        Assert.Equal("OutOfDate", DcapTcbEvaluation.FindPlatformLevel(levels, Svns(), 0, noModule)!.Status);
        byte[] low = [.. new byte[] { 9, 1, 1 }, .. new byte[13]];
        Assert.Null(DcapTcbEvaluation.FindPlatformLevel(levels, Svns(), 0, low));
    }

    [Theory]
    [InlineData("UpToDate", "UpToDate", "UpToDate")]
    [InlineData("UpToDate", "OutOfDate", "OutOfDate")]
    [InlineData("SWHardeningNeeded", "OutOfDate", "OutOfDate")]
    [InlineData("ConfigurationNeeded", "OutOfDate", "OutOfDateConfigurationNeeded")]
    [InlineData("ConfigurationAndSWHardeningNeeded", "OutOfDate", "OutOfDateConfigurationNeeded")]
    [InlineData("ConfigurationAndSWHardeningNeeded", "OutOfDateConfigurationNeeded", "OutOfDateConfigurationNeeded")]
    [InlineData("OutOfDate", "UpToDate", "OutOfDate")]
    [InlineData("OutOfDateConfigurationNeeded", "OutOfDate", "OutOfDateConfigurationNeeded")]
    [InlineData("SWHardeningNeeded", "ConfigurationNeeded", "SWHardeningNeeded")]
    [InlineData("UpToDate", "Revoked", "Revoked")]
    [InlineData("Revoked", "UpToDate", "Revoked")]
    [InlineData("OutOfDate", "Revoked", "Revoked")]
    public void Converge_FollowsIntelsTable(string platform, string component, string expected) =>
        Assert.Equal(expected, DcapTcbEvaluation.Converge(platform, [component]));

    [Theory]
    [InlineData("OutOfDate", "UpToDate", "TDRelaunchAdvised")]
    [InlineData("OutOfDate", "SWHardeningNeeded", "TDRelaunchAdvised")]
    [InlineData("OutOfDate", "ConfigurationNeeded", "TDRelaunchAdvisedConfigurationNeeded")]
    [InlineData("OutOfDateConfigurationNeeded", "UpToDate", "TDRelaunchAdvisedConfigurationNeeded")]
    [InlineData("OutOfDate", "OutOfDate", "OutOfDate")]
    [InlineData("UpToDate", "OutOfDate", "UpToDate")]
    [InlineData("Revoked", "UpToDate", "Revoked")]
    public void CheckForRelaunch_AdvisesOnlyWhenTheRunningModuleIsCurrent(string launch, string current, string expected) =>
        Assert.Equal(expected, DcapTcbEvaluation.CheckForRelaunch(launch, current));

    [Fact]
    public void FindIsvSvnLevel_TakesTheFirstLevelAtOrBelow()
    {
        var levels = new[] { new IsvSvnTcbLevel(8, Date, "UpToDate", []), new IsvSvnTcbLevel(6, Date, "OutOfDate", ["INTEL-SA-1"]) };
        Assert.Equal("UpToDate", DcapTcbEvaluation.FindIsvSvnLevel(levels, 9)!.Status);
        Assert.Equal("UpToDate", DcapTcbEvaluation.FindIsvSvnLevel(levels, 8)!.Status);
        Assert.Equal("OutOfDate", DcapTcbEvaluation.FindIsvSvnLevel(levels, 7)!.Status);
        Assert.Null(DcapTcbEvaluation.FindIsvSvnLevel(levels, 5));
    }

    [Fact]
    public void Evaluate_Tdx_MergesModuleAndQeStatusesAndAdvisories()
    {
        var tcbInfo = TdxTcbInfo(moduleLevels: """[{"tcb":{"isvsvn":6},"tcbDate":"2024-03-13T00:00:00Z","tcbStatus":"UpToDate"},{"tcb":{"isvsvn":2},"tcbDate":"2023-08-09T00:00:00Z","tcbStatus":"OutOfDate","advisoryIDs":["INTEL-SA-00002"]}]""");
        var pck = new PckExtensions(new byte[16], Svns(3, 3), 13, new byte[16], new byte[2], new byte[6], 0);
        var qe = new IsvSvnTcbLevel(4, Date, "UpToDate", ["INTEL-SA-00001"]);
        byte[] svn = [.. new byte[] { 4, 1, 3 }, .. new byte[13]];

        var status = DcapTcbEvaluation.Evaluate(tcbInfo, pck, svn, qe);
        Assert.Equal("OutOfDate", status.Status);
        Assert.Equal("SWHardeningNeeded", status.PlatformStatus);
        Assert.Equal("OutOfDate", status.TdxModuleStatus);
        Assert.Equal(["INTEL-SA-00001", "INTEL-SA-00002", "INTEL-SA-00615"], status.Advisories);

        byte[] current = [.. new byte[] { 7, 1, 3 }, .. new byte[13]];
        Assert.Equal("SWHardeningNeeded", DcapTcbEvaluation.Evaluate(tcbInfo, pck, current, qe).Status);
        byte[] tooOld = [.. new byte[] { 1, 1, 3 }, .. new byte[13]];
        Assert.Equal(DcapReasons.TcbLevelNotFound, Assert.Throws<AttestationRejectedException>(() => DcapTcbEvaluation.Evaluate(tcbInfo, pck, tooOld, qe)).Reason);
        byte[] unknownModule = [.. new byte[] { 7, 2, 3 }, .. new byte[13]];
        Assert.Equal(DcapReasons.TdxModuleMismatch, Assert.Throws<AttestationRejectedException>(() => DcapTcbEvaluation.Evaluate(tcbInfo, pck, unknownModule, qe)).Reason);
    }

    [Fact]
    public void TcbInfo_Version2_ReadsNumberedComponents()
    {
        var components = string.Join(",", Enumerable.Range(1, 16).Select(i => $"\"sgxtcbcomp{i:00}svn\":{(i == 1 ? 7 : 0)}"));
        var json = $$"""{"version":2,"issueDate":"2024-01-01T00:00:00Z","nextUpdate":"2024-02-01T00:00:00Z","fmspc":"00606a000000","pceId":"0000","tcbType":0,"tcbEvaluationDataNumber":9,"tcbLevels":[{"tcb":{{{components}},"pcesvn":10},"tcbDate":"2023-01-01T00:00:00Z","tcbStatus":"UpToDate"}]}""";
        var info = TcbInfo.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal("SGX", info.Id);
        Assert.Equal(7, info.TcbLevels[0].SgxComponents[0]);
        Assert.Equal(10, info.TcbLevels[0].PceSvn);
    }

    private static TcbInfo TdxTcbInfo(string moduleLevels)
    {
        static string Components(params int[] head) => "[" + string.Join(",", Svns(head).Select(s => $"{{\"svn\":{s}}}")) + "]";
        var json = $$"""
            {"id":"TDX","version":3,"issueDate":"2024-01-01T00:00:00Z","nextUpdate":"2024-02-01T00:00:00Z","fmspc":"00806f050000","pceId":"0000","tcbType":0,"tcbEvaluationDataNumber":17,
             "tdxModule":{"mrsigner":"{{new string('0', 96)}}","attributes":"0000000000000000","attributesMask":"FFFFFFFFFFFFFFFF"},
             "tdxModuleIdentities":[{"id":"TDX_01","mrsigner":"{{new string('0', 96)}}","attributes":"0000000000000000","attributesMask":"FFFFFFFFFFFFFFFF","tcbLevels":{{moduleLevels}}}],
             "tcbLevels":[
              {"tcb":{"sgxtcbcomponents":{{Components(4, 4)}},"pcesvn":13,"tdxtcbcomponents":{{Components(5, 0, 3)}}},"tcbDate":"2024-03-13T00:00:00Z","tcbStatus":"UpToDate"},
              {"tcb":{"sgxtcbcomponents":{{Components(3, 3)}},"pcesvn":13,"tdxtcbcomponents":{{Components(0, 0, 2)}}},"tcbDate":"2024-03-13T00:00:00Z","tcbStatus":"SWHardeningNeeded","advisoryIDs":["INTEL-SA-00615"]}]}
            """;
        return TcbInfo.Parse(Encoding.UTF8.GetBytes(json));
    }
}
