using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Otr.Api;
using Otr.Sequencer.Configuration;
using Otr.Sequencer.Executors;
using Otr.Sequencer.OpenAi;
using Otr.Sequencer.Pipeline;
using Otr.Sequencer.Telemetry;

namespace Otr.Sequencer.Http;

/// <summary>
/// <c>POST /v1/chat/completions</c> and <c>POST /v1/completions</c>: authenticate, read and validate
/// the body, run the <see cref="CompletionService"/>, answer as JSON or as server-sent events. Every
/// failure before the response starts is an OpenAI-style error body; a failure while streaming is an
/// SSE <c>data: {"error": …}</c> event (and no <c>[DONE]</c>).
/// </summary>
internal sealed partial class CompletionHandler(
    CompletionService service,
    ApiKeyAuthenticator authenticator,
    IExecutorPool pool,
    IOptions<SequencerOptions> options,
    SequencerMetrics metrics,
    ILogger<CompletionHandler> logger)
{
    public const string DigestHeader = "X-OTR-Receipt-Digest";
    public const string RequestIdHeader = "X-OTR-Request-Id";

    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private readonly SequencerOptions _options = options.Value;
    private readonly RequestLimits _limits = new(options.Value.MaxPromptChars, options.Value.MaxTokens, options.Value.DefaultMaxTokens, options.Value.MaxMessages);

    public async Task HandleAsync(HttpContext context, CompletionKind kind)
    {
        var endpoint = kind == CompletionKind.Chat ? "chat.completions" : "completions";
        var cancellationToken = context.RequestAborted;
        string? model = null;
        using var activity = SequencerMetrics.ActivitySource.StartActivity("sequencer.completion");
        activity?.SetTag("otr.endpoint", endpoint);
        try
        {
            authenticator.Authenticate(context.Request);
            using var body = await JsonBodyReader.ReadAsync(context.Request, _options.MaxRequestBodyBytes, cancellationToken);
            var request = CompletionRequestParser.Parse(kind, body.RootElement, _limits, m => pool.Models.Contains(m, StringComparer.Ordinal));
            model = request.Model;
            var job = service.Prepare(request);
            activity?.SetTag("otr.model", model);
            activity?.SetTag("otr.request_id", job.RequestId.ToString());
            context.Response.Headers[RequestIdHeader] = job.RequestId.ToString();
            if (request.Stream)
            {
                await StreamAsync(context, kind, job, cancellationToken);
            }
            else
            {
                var result = await service.CompleteAsync(job, cancellationToken);
                context.Response.Headers[DigestHeader] = result.Digest.ToString();
                await HttpJson.WriteAsync(context.Response, StatusCodes.Status200OK, json => OpenAiResponseWriter.WriteCompletion(json, kind, result), cancellationToken);
            }
        }
        catch (ApiProblemException e) when (!context.Response.HasStarted)
        {
            await HttpJson.WriteErrorAsync(context.Response, e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            LogUnexpected(e);
            await HttpJson.WriteErrorAsync(context.Response, new ApiProblemException(
                StatusCodes.Status500InternalServerError,
                new ApiError(new ApiErrorDetail("The sequencer failed unexpectedly; the request was not answered", "server_error", null, "internal_error"))));
        }
        finally
        {
            metrics.Request(endpoint, model, context.Response.StatusCode);
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write(DataPrefix);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        buffer.Write(EventEnd);
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private async Task StreamAsync(HttpContext context, CompletionKind kind, PreparedCompletion job, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var updates = service.StreamAsync(job, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            // The first update is awaited before the status is sent, so "no executor" is still a plain 503.
            var more = await updates.MoveNextAsync();
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            if (kind == CompletionKind.Chat)
            {
                await WriteEventAsync(response, json => OpenAiResponseWriter.WriteChunk(json, kind, job, "assistant", "", null), cancellationToken);
            }

            try
            {
                while (more)
                {
                    var update = updates.Current;
                    if (update.Result is { } result)
                    {
                        await WriteEventAsync(response, json => OpenAiResponseWriter.WriteChunk(json, kind, job, null, null, result.FinishReason), cancellationToken);
                        await WriteEventAsync(response, json => OpenAiResponseWriter.WriteFinalChunk(json, kind, result), cancellationToken);
                        await response.Body.WriteAsync(Done, cancellationToken);
                        await response.Body.FlushAsync(cancellationToken);
                    }
                    else
                    {
                        await WriteEventAsync(response, json => OpenAiResponseWriter.WriteChunk(json, kind, job, null, update.Delta, null), cancellationToken);
                    }

                    more = await updates.MoveNextAsync();
                }
            }
            catch (ApiProblemException e)
            {
                await WriteEventAsync(response, json => HttpJson.WriteError(json, e.Error), cancellationToken);
            }
        }
        finally
        {
            await updates.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure answering a completion request")]
    private partial void LogUnexpected(Exception e);
}
