using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Otr.Messaging;
using Otr.Protocol;
using Otr.Sequencer.Batching;
using Otr.Sequencer.Configuration;
using Otr.Sequencer.Executors;
using Otr.Sequencer.Fees;
using Otr.Sequencer.Http;
using Otr.Sequencer.Pipeline;
using Otr.Sequencer.Receipts;
using Otr.Sequencer.Telemetry;
using Otr.ServiceDefaults;

namespace Otr.Sequencer;

/// <summary>
/// Hosts the sequencer in any ASP.NET Core application: <c>builder.AddSequencer()</c> registers its
/// services and options, <c>app.MapSequencer()</c> its endpoints. <c>Program.cs</c> is these two
/// lines; the devnet CLI and the tests call them to host a sequencer in-process.
/// </summary>
public static class SequencerHostingExtensions
{
    /// <summary>
    /// Registers the sequencer: options bound from <c>Sequencer</c> and <c>Sequencer:Batching</c>
    /// (validated on start), then adjusted by the delegates; the executor pool, receipt verifier,
    /// durable receipt store, prompt renderer, completion pipeline, metrics, the message bus, the L1
    /// batch poster (from <c>Sequencer:L1</c>), the batching agent and the fee ledger with its attribution agent. Each of
    /// <see cref="IExecutorPool"/>, <see cref="IReceiptStore"/>, <see cref="IPromptRenderer"/>,
    /// <see cref="IMessageBus"/>, <see cref="IBatchPoster"/> and <see cref="TimeProvider"/> is only registered
    /// when the caller has not registered one already, so a host (the devnet, a test) can supply its own.
    /// </summary>
    public static IHostApplicationBuilder AddSequencer(
        this IHostApplicationBuilder builder,
        Action<SequencerOptions>? configure = null,
        Action<BatchingOptions>? configureBatching = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddValidatedOptions<SequencerOptions>(SequencerOptions.SectionName).Configure(o => configure?.Invoke(o));
        services.AddSingleton<IValidateOptions<SequencerOptions>, SequencerOptionsValidator>();
        builder.AddValidatedOptions<BatchingOptions>(BatchingOptions.SectionName).Configure(o => configureBatching?.Invoke(o));
        services.AddSingleton<IValidateOptions<BatchingOptions>, BatchingOptionsValidator>();
        builder.AddValidatedOptions<L1Options>(L1Options.SectionName);
        services.AddSingleton<IValidateOptions<L1Options>, L1OptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SequencerMetrics>();
        services.AddHttpClient(HttpExecutorPool.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(sp =>
        {
            var l1 = sp.GetRequiredService<IOptions<L1Options>>().Value;
            var web3 = sp.GetRequiredService<L1Connection>().Web3;
            var registrations = sp.GetService<IExecutorRegistrations>()
                ?? (web3 is not null && !string.IsNullOrWhiteSpace(l1.ExecutorRegistry) ? new L1ExecutorRegistrations(web3, l1.ExecutorRegistry) : null);
            return ActivatorUtilities.CreateInstance<HttpExecutorPool>(sp, registrations is null ? [] : [registrations]);
        });
        services.TryAddSingleton<IExecutorPool>(sp => sp.GetRequiredService<HttpExecutorPool>());
        services.AddHostedService<RoutesFileWatcher>();
        services.TryAddSingleton<IReceiptStore>(sp => new FileReceiptStore(sp.GetRequiredService<IOptions<SequencerOptions>>().Value.DataDirectory));
        services.TryAddSingleton<IPromptRenderer, ChatTemplatePromptRenderer>();
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SequencerOptions>>().Value;
            return new ReceiptVerifier(new Eip712Domain(o.ChainId, o.RollupAddress));
        });
        services.TryAddSingleton<CompletionService>();
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<CompletionHandler>();
        services.TryAddSingleton<ReceiptQueryHandler>();

        // Fees: attributed from the stored receipts when prices and registrations can be read (ExecutorRegistry on L1,
        // or a host's own IFeeSchedule); the ledger lives next to the receipts.
        services.TryAddSingleton(sp => new FeeLedger(sp.GetRequiredService<IOptions<SequencerOptions>>().Value.DataDirectory));
        services.TryAddSingleton(sp =>
        {
            var l1 = sp.GetRequiredService<IOptions<L1Options>>().Value;
            var web3 = sp.GetRequiredService<L1Connection>().Web3;
            var schedule = sp.GetService<IFeeSchedule>()
                ?? (web3 is not null && !string.IsNullOrWhiteSpace(l1.ExecutorRegistry) ? new L1FeeSchedule(web3, l1.ExecutorRegistry) : null);
            return ActivatorUtilities.CreateInstance<FeeAttributionAgent>(sp, schedule is null ? [] : [schedule]);
        });
        services.AddHostedService(sp => sp.GetRequiredService<FeeAttributionAgent>());
        services.TryAddSingleton<FeesHandler>();

        // Standalone default: a durable in-process bus in the data directory. The devnet registers its
        // shared bus (and production its Kafka bus) before calling AddSequencer.
        services.TryAddSingleton<IMessageBus>(sp => new InProcessBus(new InProcessBusOptions
        {
            Directory = Path.Combine(sp.GetRequiredService<IOptions<SequencerOptions>>().Value.DataDirectory, "bus"),
        }));
        services.TryAddSingleton<L1Connection>();
        services.TryAddSingleton<IBatchPoster>(sp => sp.GetRequiredService<L1Connection>().Poster ?? (IBatchPoster)new UnconfiguredBatchPoster());
        services.TryAddSingleton<BatchingStatus>();
        services.AddHostedService<BatchingAgent>();
        services.AddHealthChecks().AddCheck<BatchingHealthCheck>("batching");
        return builder;
    }
}
