using System.Text.Json;
using System.Text.Json.Nodes;
using Otr.Cli.Devnet;
using Otr.Executor.Configuration;
using Otr.Messaging;

namespace Otr.EndToEnd.Tests;

/// <summary>An executor that runs other weights than registered: it answers, but the challenger catches it.</summary>
public sealed class OtherWeightsTests(OtherWeightsDevnet devnet) : IClassFixture<OtherWeightsDevnet>
{
    [Fact]
    public async Task Chat_ExecutorRanOtherWeights_ChallengerFlagsIt()
    {
        var answer = await devnet.ChatAsync("which weights did you run?");
        var report = await devnet.VerifyAsync(answer.GetRawText());
        Assert.True(report.Valid, "the cheater's receipt is well-signed; only re-execution exposes it");

        var verdict = await devnet.WaitForVerdictAsync(report.Digest.ToString(), TimeSpan.FromSeconds(60));
        var kinds = DevnetHarness.FindingKinds(verdict).ToList();
        Assert.Contains("trace_mismatch", kinds);
    }
}

/// <summary>A devnet whose executor runs other weights than the registered ones.</summary>
public sealed class OtherWeightsDevnet : DevnetHarness
{
    protected override DevnetOptions Options(string dataDir) => base.Options(dataDir) with { Cheat = CheatMode.OtherWeights };
}
