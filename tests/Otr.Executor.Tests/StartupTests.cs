using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Otr.Executor.Hosting;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task Start_PinnedWeightsRootDiffers_RefusesToStartAndIsNotReady()
    {
        var other = DemoModelFactory.Create(TestExecutor.DemoSeed + 1).WeightsRoot;
        await using var app = TestExecutor.Build(o => o.ExpectedWeightsRoot = other.ToString());

        var e = await Assert.ThrowsAsync<ExecutorStartupException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("weights root mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains(other.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains("refusing to serve", e.Message, StringComparison.Ordinal);
        var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("weights root mismatch", health.Entries["executor"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PinnedWeightsRootMatches_Starts()
    {
        var root = DemoModelFactory.Create(TestExecutor.DemoSeed).WeightsRoot;

        await using var executor = await TestExecutor.StartAsync(o => o.ExpectedWeightsRoot = root.ToString());

        Assert.Equal(root.ToString(), (await executor.IdentityAsync()).WeightsRoot);
        var health = await executor.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task Start_InvalidOptions_FailsNamingEveryBadKey()
    {
        await using var app = TestExecutor.Build(o =>
        {
            o.DemoSeed = null;
            o.RollupAddress = "nope";
            o.L1.RpcUrl = "http://127.0.0.1:1";
            o.L1.ModelRegistry = null;
            o.L1.OperatorKey = null;
            o.L1.StakeWei = "-5";
        });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Executor:ModelPath or Executor:DemoSeed must be set", e.Message, StringComparison.Ordinal);
        Assert.Contains("Executor:RollupAddress", e.Message, StringComparison.Ordinal);
        Assert.Contains("Executor:L1:ModelRegistry", e.Message, StringComparison.Ordinal);
        Assert.Contains("Executor:L1:ExecutorRegistry", e.Message, StringComparison.Ordinal);
        Assert.Contains("Executor:L1:OperatorKey", e.Message, StringComparison.Ordinal);
        Assert.Contains("Executor:L1:StakeWei", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ModelFile_ServesTheNameInTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("otr-exec-").FullName;
        try
        {
            var path = Path.Combine(directory, "model.q8");
            var model = DemoModelFactory.Create(5, "otr-file-model");
            model.Save(path);

            await using var executor = await TestExecutor.StartAsync(o =>
            {
                o.DemoSeed = null;
                o.ModelPath = path;
            });

            var identity = await executor.IdentityAsync();
            Assert.Equal("otr-file-model", identity.Model);
            Assert.Equal(model.WeightsRoot.ToString(), identity.WeightsRoot);
            Assert.Equal(Keccak.HashUtf8("otr-file-model").ToString(), identity.ModelId);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Start_CorruptModelFile_RefusesToStartNamingTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("otr-exec-").FullName;
        try
        {
            var path = Path.Combine(directory, "model.q8");
            await File.WriteAllBytesAsync(path, [1, 2, 3], TestContext.Current.CancellationToken);
            await using var app = TestExecutor.Build(o =>
            {
                o.DemoSeed = null;
                o.ModelPath = path;
            });

            var e = await Assert.ThrowsAsync<ExecutorStartupException>(() => app.StartAsync(TestContext.Current.CancellationToken));

            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
