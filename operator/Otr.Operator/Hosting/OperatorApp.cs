using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Otr.Operator.Controllers;
using Otr.Operator.Runtime;
using Otr.ServiceDefaults;

namespace Otr.Operator.Hosting;

/// <summary>Builds the operator host: the controller as a hosted service plus <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>.</summary>
public static class OperatorApp
{
    /// <summary>Prometheus metrics path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Builds the app from configuration (section <c>Operator</c>, <c>POD_NAME</c>, <c>POD_NAMESPACE</c>).
    /// <paramref name="client"/> overrides the in-cluster (or kubeconfig) client.
    /// </summary>
    public static WebApplication Build(string[] args, IKubernetes? client = null, Action<OperatorOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddOtrServiceDefaults("Operator");
        builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        builder.Services.AddSingleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>();
        builder.Services.AddOptions<OperatorOptions>()
            .Bind(builder.Configuration.GetSection(OperatorOptions.SectionName))
            .Configure<IConfiguration>((o, c) =>
            {
                o.PodName = c["POD_NAME"] is { Length: > 0 } pod ? pod : o.PodName;
                o.PodNamespace = c["POD_NAMESPACE"] is { Length: > 0 } ns ? ns : o.PodNamespace;
                configure?.Invoke(o);
            })
            .ValidateOnStart();
        var port = builder.Configuration.GetValue<int?>($"{OperatorOptions.SectionName}:HttpPort") ?? 8080;
        if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        builder.Services.AddSingleton(client ?? new Kubernetes(KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile()));
        builder.Services.AddSingleton<OperatorMetrics>();
        builder.Services.AddSingleton(sp => new OperatorController(
            sp.GetRequiredService<IKubernetes>(), sp.GetRequiredService<IOptions<OperatorOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<OperatorMetrics>()));
        builder.Services.AddHostedService<OperatorHostedService>();
        builder.Services.AddHealthChecks().AddCheck<InformersSyncedCheck>("informers");

        var app = builder.Build();
        app.MapOtrDefaultEndpoints();
        app.MapGet(MetricsPath, (OperatorMetrics metrics) => Results.Text(metrics.ToPrometheusText(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }
}
