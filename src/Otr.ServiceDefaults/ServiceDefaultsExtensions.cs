using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Otr.ServiceDefaults;

/// <summary>
/// What every OTR service host shares (after eShop's ServiceDefaults): OpenTelemetry, health checks,
/// the probe endpoints and validated options. A service's Program.cs calls
/// <see cref="AddOtrServiceDefaults{TBuilder}"/> and <see cref="MapOtrDefaultEndpoints"/> and little else.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Liveness probe path: the process is up (only checks tagged <see cref="LiveTag"/>).</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>Readiness probe path: every registered health check passes (dependencies reachable).</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>Tag of health checks that belong to liveness; untagged checks only affect readiness.</summary>
    public const string LiveTag = "live";

    /// <summary>Prometheus scrape path (text exposition format of every <c>Otr.*</c> and ASP.NET Core metric).</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Environment variable that turns on the OTLP exporter (standard OpenTelemetry name).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds OpenTelemetry logging and metrics (meters <c>Otr.*</c>, including <c>Otr.&lt;serviceName&gt;</c>,
    /// plus ASP.NET Core; Prometheus scraping), and when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set tracing
    /// (sources <c>Otr.*</c> and ASP.NET Core) with an OTLP exporter for all three; the
    /// <see cref="OtrServiceTelemetry"/> singleton and a liveness health check.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="serviceName">Service name, e.g. "Sequencer" (telemetry name <c>Otr.Sequencer</c>).</param>
    public static TBuilder AddOtrServiceDefaults<TBuilder>(this TBuilder builder, string serviceName)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        var telemetryName = OtrServiceTelemetry.SourceNameOf(serviceName);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetryName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(telemetryName, "Otr.*")
                .AddPrometheusExporter());

        // Spans are recorded only when something receives them: without an exporter every request would still
        // allocate, sample and tag activities (tens of microseconds a request) for nobody.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            otel.WithTracing(tracing => tracing
                .AddSource(telemetryName, "Otr.*")
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsProbe(context.Request.Path)));
            otel.UseOtlpExporter();
        }

        builder.Services.AddSingleton(sp => new OtrServiceTelemetry(serviceName, sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/healthz</c> (liveness: checks tagged <see cref="LiveTag"/>) and <c>/readyz</c>
    /// (readiness: all checks), which Kubernetes probes need and which return only a status word, and
    /// <c>/metrics</c> for Prometheus (the chart's ServiceMonitor scrapes it).
    /// </summary>
    public static WebApplication MapOtrDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapHealthChecks(ReadinessPath);
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    /// <summary>
    /// Binds <typeparamref name="T"/> to configuration section <paramref name="section"/>, validates its
    /// DataAnnotations attributes when the host starts, and fails the start with errors that name the
    /// setting, e.g. <c>Sequencer:RpcUrl: The RpcUrl field is required.</c>
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IHostApplicationBuilder builder, string section)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        builder.Services.AddSingleton<IValidateOptions<T>>(new NamedDataAnnotationsValidator<T>(section));
        return builder.Services.AddOptionsWithValidateOnStart<T>()
            .Bind(builder.Configuration.GetSection(section));
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(LivenessPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ReadinessPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);
}
