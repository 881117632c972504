using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nethereum.Web3;

namespace Otr.Challenger;

/// <summary>
/// Hosts the challenger in any <see cref="IServiceCollection"/>: its own Program.cs, or the devnet CLI
/// in-process next to the other services (sharing one <c>IMessageBus</c> instance).
/// </summary>
public static class ChallengerServiceCollectionExtensions
{
    /// <summary>Health-check tag of the challenger's readiness check.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds the challenger with options bound from the <c>Challenger</c> section of <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddChallenger(this IServiceCollection services, IConfiguration configuration, Action<ChallengerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddChallenger(o =>
        {
            configuration.GetSection(ChallengerOptions.SectionName).Bind(o);
            configure?.Invoke(o);
        });
    }

    /// <summary>
    /// Adds the challenger: options (validated at start), the agent and the batch directory as hosted
    /// services, the findings store, the re-executor for the configured model, and the L1 readers.
    /// The host must register an <c>Otr.Messaging.IMessageBus</c>. Every other dependency is added only
    /// when the host has not registered its own (<see cref="IRegistryReader"/>, <see cref="IBatchReader"/>,
    /// <see cref="IBatchProofSource"/>, <see cref="IReexecutor"/>, <see cref="IFindingStore"/>,
    /// <see cref="IReceiptFeed"/>, <see cref="TimeProvider"/>).
    /// </summary>
    public static IServiceCollection AddChallenger(this IServiceCollection services, Action<ChallengerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ChallengerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChallengerOptions>, ChallengerOptionsValidator>());

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChallengerMetrics>();
        services.TryAddSingleton<IFindingStore>(sp => new JsonLinesFindingStore(Options(sp).FindingsPath));
        services.TryAddSingleton<IReexecutor>(sp => ModelReexecutorFactory.Create(Options(sp)));
        services.TryAddSingleton(sp => ChainReaders.Connect(Options(sp)));
        services.TryAddSingleton<IRegistryReader>(sp => ChainReaders.Registry(sp.GetRequiredService<Web3>(), Options(sp)));
        services.TryAddSingleton<IBatchReader>(sp => ChainReaders.Batches(sp.GetRequiredService<Web3>(), Options(sp)));
        services.TryAddSingleton<BusBatchDirectory>();
        services.TryAddSingleton<IBatchProofSource>(sp => sp.GetRequiredService<BusBatchDirectory>());
        services.TryAddSingleton<IReceiptFeed, BusReceiptFeed>();
        services.TryAddSingleton<IDisputeReplayer>(sp => sp.GetRequiredService<IReexecutor>() as IDisputeReplayer
            ?? throw new InvalidOperationException("disputes need a re-executor that replays under teacher forcing (IDisputeReplayer)"));
        services.TryAddSingleton<DisputeAgent>();
        services.TryAddSingleton<IDisputeIntake>(sp => Options(sp).Dispute.Enabled ? sp.GetRequiredService<DisputeAgent>() : new DisabledDisputeIntake());
        services.TryAddSingleton<ChallengerAgent>();

        // The directory first: it must be reading batches while the agent judges receipts.
        services.AddHostedService(sp => sp.GetRequiredService<BusBatchDirectory>());
        services.AddHostedService(sp => sp.GetRequiredService<ChallengerAgent>());
        services.AddHostedService<BackgroundService>(sp => Options(sp).Dispute.Enabled ? sp.GetRequiredService<DisputeAgent>() : new IdleService());
        services.AddHealthChecks().AddCheck<ChallengerReadinessCheck>("challenger", tags: [ReadyTag]);
        return services;
    }

    private static ChallengerOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<ChallengerOptions>>().Value;

    /// <summary>Stands in for the dispute agent when disputes are off.</summary>
    private sealed class IdleService : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }
}
