using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Otr.Sequencer.Executors;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

/// <summary>Routes from the operator-maintained routes file, and the L1 registration gate on executors.</summary>
public sealed class DynamicRoutingTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private FakeExecutor _a = null!;
    private FakeExecutor _b = null!;

    public async ValueTask InitializeAsync()
    {
        _a = await FakeExecutor.StartAsync(SequencerHost.Domain, keySeed: 1);
        _b = await FakeExecutor.StartAsync(SequencerHost.Domain, keySeed: 2);
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _data.Dispose();
    }

    private static string Routes(params FakeExecutor[] executors) =>
        $$"""{"models":[{"name":"{{FakeExecutor.DefaultModel}}","executors":[{{string.Join(",", executors.Select(e => $"\"{e.Url}\""))}}]}]}""";

    private static async Task<HttpStatusCode> CompleteAsync(SequencerHost host)
    {
        using var response = await host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x" }, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task RoutesFile_Changed_IsFollowedAndAnInvalidVersionKeepsTheRoutesInForce()
    {
        var file = Path.Combine(_data.Path, "routes.json");
        await File.WriteAllTextAsync(file, Routes(_a), TestContext.Current.CancellationToken);
        await using var host = await SequencerHost.StartAsync(Path.Combine(_data.Path, "seq"), [], o =>
        {
            o.RoutesFile = file;
            o.RoutesReloadInterval = TimeSpan.FromMilliseconds(50);
        });

        await Eventually.HoldsAsync(() => host.Services.GetRequiredService<IExecutorPool>().EndpointCount(FakeExecutor.DefaultModel) == 1, "the routes file is loaded");
        Assert.Equal(HttpStatusCode.OK, await CompleteAsync(host));
        Assert.Equal(1, _a.ExecuteCalls);

        await File.WriteAllTextAsync(file, Routes(_b), TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => CompleteAsync(host).GetAwaiter().GetResult() == HttpStatusCode.OK && _b.ExecuteCalls > 0, "requests move to the new executor");
        var callsOnA = _a.ExecuteCalls;

        await File.WriteAllTextAsync(file, """{"models":[{"name":"x","executors":["ftp://nope"]}]}""", TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, await CompleteAsync(host));
        Assert.Equal(callsOnA, _a.ExecuteCalls);
        Assert.Equal(["otr-demo-q8"], host.Services.GetRequiredService<IExecutorPool>().Models);
    }

    [Fact]
    public async Task Executor_NotRegisteredOnL1_IsNeverUsed()
    {
        var registrations = new SetRegistrations(_b.Address);
        await using var host = await SequencerHost.StartAsync(_data.Path, [_a, _b], services: s => s.AddSingleton<IExecutorRegistrations>(registrations));

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await CompleteAsync(host));
        }

        Assert.Equal(0, _a.ExecuteCalls);
        Assert.Equal(4, _b.ExecuteCalls);
        Assert.Contains((_a.Address, FakeExecutor.DefaultModel), registrations.Asked);
    }

    [Fact]
    public async Task Executor_DeregisteredAfterUse_StopsReceivingRequestsAfterTheCacheTtl()
    {
        var registrations = new SetRegistrations(_a.Address);
        await using var host = await SequencerHost.StartAsync(_data.Path, [_a], services: s => s.AddSingleton<IExecutorRegistrations>(registrations),
            settings: new Dictionary<string, string?> { ["Sequencer:L1:RegistrationCacheTtl"] = "00:00:00" });
        Assert.Equal(HttpStatusCode.OK, await CompleteAsync(host));

        registrations.Registered.Clear();
        using var response = await host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("is not registered in ExecutorRegistry", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(1, _a.ExecuteCalls);
    }

    private sealed class SetRegistrations(params string[] registered) : IExecutorRegistrations
    {
        public HashSet<string> Registered { get; } = new(registered, StringComparer.OrdinalIgnoreCase);

        public List<(string, string)> Asked { get; } = [];

        public Task<bool> IsRegisteredAsync(string enclaveKey, string model, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.Add((enclaveKey, model));
            }

            return Task.FromResult(Registered.Contains(enclaveKey));
        }
    }
}
