using Otr.Executor.Configuration;
using Otr.ServiceDefaults;

namespace Otr.Executor;

/// <summary>Builds the complete executor web application: service defaults, the executor, its endpoints and probes.</summary>
public static class ExecutorApp
{
    /// <summary>The service name (telemetry <c>Otr.Executor</c>).</summary>
    public const string ServiceName = "Executor";

    /// <summary>
    /// Builds (does not start) the executor app. <c>Program.cs</c> passes the command line; the devnet
    /// passes no arguments, configures the options in code and adds a loopback URL, e.g.
    /// <c>app.Urls.Add("http://127.0.0.1:7101")</c>, before <c>StartAsync</c>.
    /// </summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Executor:DemoSeed=1</c>).</param>
    /// <param name="configure">Optional code configuration applied after the <c>Executor</c> section.</param>
    public static WebApplication Build(string[] args, Action<ExecutorOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddOtrServiceDefaults(ServiceName);
        builder.Services.AddExecutor(builder.Configuration.GetSection(ExecutorOptions.SectionName));
        if (configure is not null)
        {
            builder.Services.PostConfigure(configure);
        }

        var app = builder.Build();
        app.MapOtrDefaultEndpoints();
        app.MapExecutor();
        return app;
    }
}
