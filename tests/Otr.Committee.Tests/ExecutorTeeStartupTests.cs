using Microsoft.AspNetCore.Builder;
using Otr.Attestation;
using Otr.Executor;
using Otr.Executor.Hosting;

namespace Otr.Committee.Tests;

/// <summary>Hardware TEE backends whose interface is missing stop the executor at start, saying exactly what is missing.</summary>
public sealed class ExecutorTeeStartupTests
{
    private static async Task<string> StartFailureAsync(TeeKind tee, string? tsmRoot = null)
    {
        var app = ExecutorApp.Build([], o =>
        {
            o.DemoSeed = 1;
            o.Engine = Otr.Executor.Configuration.EngineKind.Reference;
            o.RollupAddress = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
            o.Tee = tee;
            if (tsmRoot is not null)
            {
                o.Tsm.Root = tsmRoot;
            }
        });
        app.Urls.Add("http://127.0.0.1:0");
        await using (app)
        {
            return (await Assert.ThrowsAsync<ExecutorStartupException>(() => app.StartAsync(TestContext.Current.CancellationToken))).Message;
        }
    }

    [Fact]
    public async Task IntelTdx_WithoutConfigFsTsm_NamesTheDirectory()
    {
        var missing = Path.Combine(Path.GetTempPath(), "otr-no-tsm-" + Guid.NewGuid().ToString("n"));
        var message = await StartFailureAsync(TeeKind.IntelTdx, missing);
        Assert.Contains("configfs-tsm is not available", message, StringComparison.Ordinal);
        Assert.Contains(missing, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IntelSgx_WithoutTheQuotingPath_NamesTheMissingFiles()
    {
        var message = await StartFailureAsync(TeeKind.IntelSgx);
        Assert.Contains("/dev/attestation/quote", message, StringComparison.Ordinal);
        Assert.Contains("SGX", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NvidiaGpu_IsNotACpuTee_AndSaysWhatToUse()
    {
        var message = await StartFailureAsync(TeeKind.NvidiaGpu);
        Assert.Contains("AmdSevSnp or IntelTdx", message, StringComparison.Ordinal);
    }
}
