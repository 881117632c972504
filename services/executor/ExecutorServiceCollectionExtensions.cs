using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Otr.Attestation;
using Otr.Executor.Chain;
using Otr.Executor.Configuration;
using Otr.Executor.Hosting;
using Otr.Executor.Inference;
using Otr.Executor.Telemetry;
using Otr.Inference;

namespace Otr.Executor;

/// <summary>Registers the executor's services; pair with <see cref="ExecutorEndpointRouteBuilderExtensions.MapExecutor"/>.</summary>
public static class ExecutorServiceCollectionExtensions
{
    /// <summary>Health-check tag of the executor's readiness check.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds the executor bound to a configuration section (normally <c>Executor</c>), validated at start.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The <c>Executor</c> configuration section.</param>
    public static IServiceCollection AddExecutor(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<ExecutorOptions>().Bind(section);
        return services.AddExecutorCore();
    }

    /// <summary>Adds the executor configured in code (the devnet hosts it this way), validated at start.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddExecutor(this IServiceCollection services, Action<ExecutorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ExecutorOptions>().Configure(configure);
        return services.AddExecutorCore();
    }

    private static IServiceCollection AddExecutorCore(this IServiceCollection services)
    {
        services.AddOptions<ExecutorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExecutorOptions>, ExecutorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<ExecutorTelemetry>();
        services.TryAddSingleton<ExecutorRuntime>();
        services.TryAddSingleton<ExecutionPipeline>();

        // The TEE is created (and the enclave key generated) when startup first asks for it.
        services.TryAddSingleton<ITeeBackend>(sp =>
            TeeBackendFactory.Create(sp.GetRequiredService<IOptions<ExecutorOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
        services.AddHttpClient(CommitteeClient.HttpClientName);
        services.TryAddSingleton<CommitteeClient>();
        services.TryAddSingleton<Func<Q8Model, IQ8Engine>>(sp =>
        {
            var kind = sp.GetRequiredService<IOptions<ExecutorOptions>>().Value.Engine;
            return model => EngineFactory.Create(model, kind);
        });
        services.TryAddSingleton<IExecutorL1>(sp => NethereumExecutorL1.CreateOrNull(sp)!);
        services.AddHostedService<ExecutorStartup>();
        services.AddOptions<Disputes.ExecutorDisputeOptions>().BindConfiguration(Disputes.ExecutorDisputeOptions.SectionName);
        services.TryAddSingleton<Disputes.DisputeDefender>();
        services.AddHostedService(sp => sp.GetRequiredService<Disputes.DisputeDefender>());
        services.AddHealthChecks().AddCheck<ExecutorReadinessCheck>("executor", tags: [ReadyTag]);
        return services;
    }
}
