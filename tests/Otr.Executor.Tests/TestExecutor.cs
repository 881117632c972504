using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Otr.Executor;
using Otr.Executor.Configuration;
using Otr.Executor.Http;

namespace Otr.Executor.Tests;

/// <summary>The executor hosted in-process on a loopback port through its public hosting API, as the devnet does.</summary>
internal sealed class TestExecutor : IAsyncDisposable
{
    public const string Rollup = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    public const int DemoSeed = 1;

    private TestExecutor(WebApplication app, Uri baseAddress)
    {
        App = app;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Builds the app without starting it (to observe a failing start).</summary>
    public static WebApplication Build(Action<ExecutorOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services.AddExecutor(o =>
        {
            o.DemoSeed = DemoSeed;
            o.RollupAddress = Rollup;
            o.ChainId = 31337;
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapExecutor();
        return app;
    }

    public static async Task<TestExecutor> StartAsync(Action<ExecutorOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var app = Build(configure, services);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestExecutor(app, new Uri(address));
    }

    public async Task<ExecutorIdentity> IdentityAsync() =>
        (await Http.GetFromJsonAsync<ExecutorIdentity>("/v1/identity", Json, TestContext.Current.CancellationToken))!;

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
