using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Otr.Protocol;
using Otr.Sequencer.Configuration;

namespace Otr.Sequencer.Tests.Kit;

/// <summary>A sequencer hosted the way the devnet hosts it: AddSequencer + MapSequencer on Kestrel, loopback, ephemeral port.</summary>
public sealed class SequencerHost : IAsyncDisposable
{
    public const string ApiKey = "sk-test-key";

    public static readonly Eip712Domain Domain = new(31337, "0x1111111111111111111111111111111111111111");

    private SequencerHost(WebApplication app, Uri url, string dataDirectory)
    {
        App = app;
        Url = url;
        DataDirectory = dataDirectory;
        Client = new HttpClient { BaseAddress = url };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        Anonymous = new HttpClient { BaseAddress = url };
    }

    public WebApplication App { get; }

    public Uri Url { get; }

    public string DataDirectory { get; }

    /// <summary>A client that sends the API key.</summary>
    public HttpClient Client { get; }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<SequencerHost> StartAsync(
        string dataDirectory,
        IEnumerable<FakeExecutor> executors,
        Action<SequencerOptions>? configure = null,
        Action<BatchingOptions>? batching = null,
        Action<IServiceCollection>? services = null,
        IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("OTR_TEST_LOG") == "1")
        {
            builder.Logging.AddSimpleConsole();
        }

        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var list = executors.ToList();
        builder.AddSequencer(
            o =>
            {
                foreach (var group in list.GroupBy(e => e.Model))
                {
                    var route = new ModelRouteOptions { Name = group.Key };
                    foreach (var e in group)
                    {
                        route.Executors.Add(e.Url.ToString());
                    }

                    o.Models.Add(route);
                }

                o.ApiKeys.Add(ApiKey);
                o.ChainId = Domain.ChainId;
                o.RollupAddress = Domain.VerifyingContract;
                o.DataDirectory = dataDirectory;
                o.MaxTokens = 64;
                o.DefaultMaxTokens = 16;
                o.MaxPromptChars = 4096;
                o.MaxRequestBodyBytes = 64 * 1024;
                o.ExecutorTimeout = TimeSpan.FromSeconds(20);
                o.ExecutorCooldown = TimeSpan.FromSeconds(30);
                configure?.Invoke(o);
            },
            b =>
            {
                b.Enabled = false;
                batching?.Invoke(b);
            });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapSequencer();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SequencerHost(app, new Uri(address), dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
