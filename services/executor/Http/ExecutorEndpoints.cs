using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Otr.Api;
using Otr.Attestation;
using Otr.Executor.Configuration;
using Otr.Executor.Hosting;
using Otr.Executor.Inference;
using Otr.Executor.Telemetry;

namespace Otr.Executor.Http;

/// <summary>Handlers of <c>/v1/execute</c>, <c>/v1/identity</c> and <c>/v1/attestation</c>.</summary>
internal static class ExecutorEndpoints
{
    public const string NdjsonContentType = "application/x-ndjson";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Stream lines leave out the fields their type does not use (token lines have no result, the done line no token).
    private static readonly JsonSerializerOptions StreamJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static IResult Identity(ExecutorRuntime runtime)
    {
        if (!runtime.IsReady)
        {
            return NotReady(runtime);
        }

        var s = runtime.State;
        return Results.Json(
            new ExecutorIdentity(
                s.Tee.EnclaveAddress,
                s.Model.Name,
                s.Model.ModelId.ToString(),
                s.Model.WeightsRoot.ToString(),
                TeeName(s.Tee.Kind),
                s.Tee.IsInsecure,
                s.Tee.Measurement.ToString(),
                s.Domain.ChainId,
                s.Domain.VerifyingContract,
                s.Registration.Status),
            Json);
    }

    public static IResult Attestation(ExecutorRuntime runtime)
    {
        if (!runtime.IsReady)
        {
            return NotReady(runtime);
        }

        var s = runtime.State;
        var e = s.Evidence;
        return Results.Json(
            new ExecutorAttestation(
                TeeName(e.Kind),
                s.Tee.IsInsecure,
                s.Tee.EnclaveAddress,
                e.Measurement.ToString(),
                s.Model.WeightsRoot.ToString(),
                s.Registration.RegistrationNonce.ToString(CultureInfo.InvariantCulture),
                Hex(e.ReportData),
                Hex(e.Bytes),
                Hex(e.OnChainEvidence)),
            Json);
    }

    public static async Task Execute(
        HttpContext context,
        ExecutorRuntime runtime,
        ExecutionPipeline pipeline,
        ExecutorTelemetry telemetry,
        IOptions<ExecutorOptions> options,
        ILoggerFactory loggers)
    {
        var cancellationToken = context.RequestAborted;
        if (!runtime.IsReady)
        {
            await NotReady(runtime).ExecuteAsync(context);
            return;
        }

        ExecuteRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ExecuteRequest>(context.Request.Body, Json, cancellationToken);
        }
        catch (JsonException e)
        {
            await RejectAsync(context, telemetry, ExecuteRejection.BadRequest($"the request body is not a valid ExecuteRequest: {e.Message}", JsonParam(e.Path), "invalid_json"));
            return;
        }

        var rejection = ExecuteRequestValidator.Validate(request, runtime.State.Model, options.Value, out var validated);
        if (rejection is not null)
        {
            await RejectAsync(context, telemetry, rejection);
            return;
        }

        var logger = loggers.CreateLogger("Otr.Executor.Execute");
        if (request!.Stream)
        {
            await StreamAsync(context, pipeline, validated!, telemetry, logger);
            return;
        }

        ExecuteResponse response;
        try
        {
            response = await Task.Run(() => pipeline.Execute(validated!, null, cancellationToken), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            telemetry.Requests.Add(1, new KeyValuePair<string, object?>("outcome", "cancelled"));
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "execute {RequestId} failed", request.RequestId);
            telemetry.Requests.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
            await Results.Json(ServerError(e), Json, statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context);
            return;
        }

        telemetry.Requests.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
        await Results.Json(response, Json).ExecuteAsync(context);
    }

    private static async Task StreamAsync(HttpContext context, ExecutionPipeline pipeline, ValidatedRequest request, ExecutorTelemetry telemetry, ILogger logger)
    {
        var cancellationToken = context.RequestAborted;
        var tokens = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var run = Task.Run(
            () =>
            {
                try
                {
                    return pipeline.Execute(request, token => tokens.Writer.TryWrite(token), cancellationToken);
                }
                finally
                {
                    tokens.Writer.TryComplete();
                }
            },
            cancellationToken);

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = NdjsonContentType;
        context.Response.Headers.CacheControl = "no-cache";
        var body = context.Response.Body;
        var text = new StreamingTextDecoder();
        try
        {
            await foreach (var token in tokens.Reader.ReadAllAsync(cancellationToken))
            {
                await WriteLineAsync(body, new ExecuteStreamEvent("token", token, text.Push(token)), cancellationToken);
            }

            var response = await run;
            await WriteLineAsync(body, new ExecuteStreamEvent("done", Result: response), cancellationToken);
            telemetry.Requests.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            telemetry.Requests.Add(1, new KeyValuePair<string, object?>("outcome", "cancelled"));
        }
        catch (Exception e)
        {
            // The status line is gone; breaking the connection is how the client learns the stream failed.
            logger.LogError(e, "streaming execute {RequestId} failed", request.RequestId);
            telemetry.Requests.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
            context.Abort();
        }
    }

    private static async Task WriteLineAsync(Stream body, ExecuteStreamEvent item, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(body, item, StreamJson, cancellationToken);
        await body.WriteAsync(NewLine, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static Task RejectAsync(HttpContext context, ExecutorTelemetry telemetry, ExecuteRejection rejection)
    {
        telemetry.Requests.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"));
        return Results.Json(rejection.Error, Json, statusCode: rejection.Status).ExecuteAsync(context);
    }

    private static IResult NotReady(ExecutorRuntime runtime) => Results.Json(
        new ApiError(new ApiErrorDetail(
            runtime.Failure is { } failure ? $"the executor failed to start: {failure}" : "the executor is starting",
            "service_unavailable",
            Code: "not_ready")),
        Json,
        statusCode: StatusCodes.Status503ServiceUnavailable);

    private static ApiError ServerError(Exception e) =>
        new(new ApiErrorDetail($"inference failed: {e.Message}", "server_error", Code: "inference_failed"));

    private static string TeeName(TeeKind kind) => kind switch
    {
        TeeKind.Simulated => "simulated",
        TeeKind.IntelTdx => "tdx",
        TeeKind.IntelSgx => "sgx",
        TeeKind.AmdSevSnp => "sev-snp",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string? JsonParam(string? path) => path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
