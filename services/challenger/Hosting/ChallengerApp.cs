using Microsoft.Extensions.DependencyInjection.Extensions;
using Otr.Messaging;
using Otr.ServiceDefaults;

namespace Otr.Challenger;

/// <summary>Builds the complete challenger web application: service defaults, the challenger, its endpoints and probes.</summary>
public static class ChallengerApp
{
    /// <summary>The service name (telemetry <c>Otr.Challenger</c>).</summary>
    public const string ServiceName = "Challenger";

    /// <summary>
    /// Builds (does not start) the challenger app. <c>Program.cs</c> passes the command line; the devnet
    /// passes its shared <paramref name="bus"/> and L1 settings in <paramref name="configure"/>, and adds a
    /// loopback URL (<c>app.Urls.Add(…)</c>) before <c>StartAsync</c>. Without a bus the app opens an
    /// <see cref="InProcessBus"/> over <c>Bus:Directory</c> (in memory when unset): until the Kafka bus
    /// lands, a standalone challenger only sees what is published into that bus.
    /// </summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Challenger:DemoSeed=1</c>).</param>
    /// <param name="bus">The message bus to read receipts from (the devnet shares one instance among its services).</param>
    /// <param name="configure">Optional code configuration applied after the <c>Challenger</c> section.</param>
    public static WebApplication Build(string[] args, IMessageBus? bus = null, Action<ChallengerOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddOtrServiceDefaults(ServiceName);
        if (bus is not null)
        {
            builder.Services.AddSingleton(bus);
        }
        else
        {
            var directory = builder.Configuration["Bus:Directory"];
            builder.Services.TryAddSingleton<IMessageBus>(_ => new InProcessBus(new InProcessBusOptions { Directory = directory }));
        }

        builder.Services.AddChallenger(builder.Configuration, configure);
        var app = builder.Build();
        app.MapOtrDefaultEndpoints();
        app.MapChallenger();
        return app;
    }
}
