using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Otr.ServiceDefaults;

namespace Otr.Committee;

/// <summary>Builds the committee member web application: service defaults, options, state, endpoints and probes.</summary>
public static class CommitteeApp
{
    /// <summary>The service name (telemetry <c>Otr.Committee</c>).</summary>
    public const string ServiceName = "Committee";

    /// <summary>Builds (does not start) the app. Tests pass <paramref name="configure"/> and add a loopback URL.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Committee:ChainId=1</c>).</param>
    /// <param name="configure">Optional code configuration applied after the <c>Committee</c> section.</param>
    /// <param name="time">The clock (tests); default the system clock.</param>
    public static WebApplication Build(string[] args, Action<CommitteeOptions>? configure = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddOtrServiceDefaults(ServiceName);
        builder.Services.AddOptions<CommitteeOptions>()
            .Bind(builder.Configuration.GetSection(CommitteeOptions.SectionName))
            .Configure(o => configure?.Invoke(o))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CommitteeOptions>, CommitteeOptionsValidator>();
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton<CommitteeState>();
        builder.Services.AddSingleton<CommitteeMetrics>();
        builder.Services.AddHealthChecks().AddCheck<CommitteeReadinessCheck>("committee");
        var app = builder.Build();
        app.MapOtrDefaultEndpoints();
        app.MapCommittee();
        return app;
    }
}

/// <summary>Ready when the member key, the policies and the collateral are loaded.</summary>
internal sealed class CommitteeReadinessCheck(CommitteeState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var policies = state.Policies(out var policyError);
        var member = state.Member(out var collateralError);
        return Task.FromResult(policies is not null && member is not null
            ? HealthCheckResult.Healthy($"member {state.Address}, {policies.Count} model(s)")
            : HealthCheckResult.Unhealthy(policyError ?? collateralError));
    }
}
