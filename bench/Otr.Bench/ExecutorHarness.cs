using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Otr.Api;
using Otr.Executor;
using Otr.Executor.Configuration;
using Otr.Executor.Hosting;
using Otr.Executor.Http;
using Otr.Executor.Inference;
using Otr.Executor.Telemetry;
using Otr.Inference;

namespace Otr.Bench;

/// <summary>
/// The real executor, built by <see cref="ExecutorApp.Build"/> exactly as the devnet hosts it
/// (service defaults with OpenTelemetry, the executor's DI graph, its start-up: model load, weights
/// root, simulated TEE key, evidence), off-chain and on a loopback port. The benchmark drives its
/// request path in-process through the same objects the <c>/v1/execute</c> handler uses
/// (<see cref="ExecuteRequestValidator"/>, then <see cref="ExecutionPipeline.Execute"/>), so HTTP
/// parsing and the thread-pool hop are not counted; <see cref="ExecuteOverHttpAsync"/> exists to
/// check that the HTTP answer is the same.
/// </summary>
internal sealed class ExecutorHarness : IAsyncDisposable
{
    public const string Rollup = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    public const ulong ChainId = 31337;

    private static readonly KeyValuePair<string, object?> Ok = new("outcome", "ok");

    private readonly WebApplication _app;
    private readonly ExecutorOptions _options;
    private readonly ExecutionPipeline _pipeline;
    private readonly ExecutorTelemetry _telemetry;
    private readonly HttpClient _http;

    private ExecutorHarness(WebApplication app, Uri address)
    {
        _app = app;
        _options = app.Services.GetRequiredService<IOptions<ExecutorOptions>>().Value;
        _pipeline = app.Services.GetRequiredService<ExecutionPipeline>();
        _telemetry = app.Services.GetRequiredService<ExecutorTelemetry>();
        State = app.Services.GetRequiredService<ExecutorRuntime>().State;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The started executor's state: served model, the shared engine, the TEE, the domain.</summary>
    public ExecutorRuntime.ReadyState State { get; }

    /// <summary>The engine the executor serves with (one ONNX Runtime session, shared by both measured paths).</summary>
    public IQ8Engine Engine => State.Engine;

    public Uri Address { get; }

    public ExecutorOptions Options => _options;

    /// <summary>Starts the executor serving the model file, or the demo model (seed 1) when null.</summary>
    public static async Task<ExecutorHarness> StartAsync(string? modelPath)
    {
        // Quiet console: the simulated TEE's "insecure" warning is printed once by the report instead.
        var app = ExecutorApp.Build(
            [
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:Otr.Attestation.SimulatedTee=Error",
                "--Logging:LogLevel:Otr.Executor.Hosting.ExecutorStartup=Error",
            ],
            o =>
            {
                o.DemoSeed = modelPath is null ? 1 : null;
                o.ModelPath = modelPath;
                o.ChainId = ChainId;
                o.RollupAddress = Rollup;
            });
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ExecutorHarness(app, new Uri(address));
    }

    /// <summary>
    /// The <c>/v1/execute</c> request path without HTTP: validate and tokenize, run the engine with the
    /// per-request trace sink and accumulator, build, hash and sign the receipt, serialize it.
    /// </summary>
    public ExecuteResponse Execute(ExecuteRequest request)
    {
        var rejection = ExecuteRequestValidator.Validate(request, State.Model, _options, out var validated);
        if (rejection is not null)
        {
            throw new InvalidOperationException($"the executor rejected the benchmark request: {rejection.Error.Error.Message}");
        }

        var response = _pipeline.Execute(validated!, null, CancellationToken.None);
        _telemetry.Requests.Add(1, Ok); // as the handler does after a successful execute
        return response;
    }

    /// <summary><c>POST /v1/execute</c> on the loopback port (a consistency check, not timed).</summary>
    public async Task<ExecuteResponse> ExecuteOverHttpAsync(ExecuteRequest request)
    {
        using var answer = await _http.PostAsJsonAsync("/v1/execute", request, ExecutorEndpoints.Json);
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<ExecuteResponse>(ExecutorEndpoints.Json))!;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
