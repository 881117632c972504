using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Otr.Api;
using Otr.Protocol;
using Otr.Sequencer.Configuration;
using Otr.Sequencer.Executors;
using Otr.Sequencer.OpenAi;
using Otr.Sequencer.Receipts;
using Otr.Sequencer.Telemetry;

namespace Otr.Sequencer.Pipeline;

/// <summary>
/// One completion from validated request to stored receipt: render the prompt, choose the request id
/// and seed, route to an executor (round-robin, next executor when one is unreachable), reserve the
/// executor's nonce, execute, verify the receipt, store it durably, and only then hand the answer back.
/// </summary>
internal sealed partial class CompletionService(
    IExecutorPool pool,
    ReceiptVerifier verifier,
    IReceiptStore store,
    IPromptRenderer renderer,
    IOptions<SequencerOptions> options,
    TimeProvider time,
    SequencerMetrics metrics,
    ILogger<CompletionService> logger)
{
    private readonly SequencerOptions _options = options.Value;

    /// <summary>
    /// The seed used when the client sends none: the first 8 bytes of the request id, big-endian.
    /// The request id is random, so unseeded sampling differs per request, and anyone holding the
    /// receipt can recompute the seed from it.
    /// </summary>
    public static ulong DefaultSeed(Bytes32 requestId) => BinaryPrimitives.ReadUInt64BigEndian(requestId.Span[..8]);

    /// <summary>Renders the prompt and chooses the request id and seed.</summary>
    public PreparedCompletion Prepare(CompletionRequest request)
    {
        string prompt;
        if (request.Kind == CompletionKind.Chat)
        {
            try
            {
                prompt = renderer.Render(request.Model, request.Messages!);
            }
            catch (ArgumentException e)
            {
                throw ApiProblemException.Invalid("messages", $"The messages cannot be rendered for model '{request.Model}': {e.Message}");
            }

            if (prompt.Length > _options.MaxPromptChars)
            {
                throw ApiProblemException.Invalid("messages", $"The rendered prompt is longer than {_options.MaxPromptChars} characters", "context_length_exceeded");
            }
        }
        else
        {
            prompt = request.Prompt!;
        }

        var requestId = new Bytes32(RandomNumberGenerator.GetBytes(32));
        var seed = request.Seed ?? DefaultSeed(requestId);
        return new PreparedCompletion(
            requestId,
            request.Model,
            prompt,
            new DecodingParams(request.MaxTokens, request.TemperatureMilli, seed),
            time.GetUtcNow().ToUnixTimeSeconds(),
            time.GetTimestamp());
    }

    public async Task<CompletionResult> CompleteAsync(PreparedCompletion job, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        for (var attempt = 0; attempt < Math.Max(1, pool.EndpointCount(job.Model)); attempt++)
        {
            var executor = await SelectAsync(job.Model, cancellationToken);
            using var span = StartExecuteSpan(executor);
            var call = await BuildCallAsync(job, executor, stream: false, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ExecutorTimeout);
            ExecuteResponse response;
            try
            {
                response = await executor.Client.ExecuteAsync(call, timeout.Token);
            }
            catch (Exception e) when (IsUnavailable(e, cancellationToken))
            {
                Failed(executor, e, reasons);
                continue;
            }
            catch (ExecutorRejectedException e)
            {
                throw Rejected(e);
            }

            return await FinishAsync(job, call, response, executor, span);
        }

        throw Unavailable(job.Model, reasons);
    }

    public async IAsyncEnumerable<CompletionUpdate> StreamAsync(PreparedCompletion job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        var attempts = Math.Max(1, pool.EndpointCount(job.Model));
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var executor = await SelectAsync(job.Model, cancellationToken);
            using var span = StartExecuteSpan(executor);
            var call = await BuildCallAsync(job, executor, stream: true, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ExecutorTimeout);
            var events = executor.Client.ExecuteStreamAsync(call, timeout.Token).GetAsyncEnumerator(timeout.Token);
            try
            {
                var streamed = new StringBuilder();
                var tokens = new List<int>();
                ExecuteResponse? final = null;
                while (final is null)
                {
                    var (more, error) = await TryMoveNextAsync(events);
                    if (error is not null)
                    {
                        if (error is ExecutorRejectedException rejected)
                        {
                            throw Rejected(rejected);
                        }

                        if (!IsUnavailable(error, cancellationToken))
                        {
                            ExceptionDispatchInfo.Throw(error);
                        }

                        if (tokens.Count == 0 && attempt + 1 < attempts)
                        {
                            Failed(executor, error, reasons);
                            break;
                        }

                        pool.ReportFailure(executor);
                        throw ApiProblemException.Unavailable($"The executor failed while streaming: {error.Message}");
                    }

                    if (!more)
                    {
                        throw ApiProblemException.BadExecutor("The executor's stream ended without a final result", "executor_stream_incomplete");
                    }

                    var item = events.Current;
                    if (item.Type == "token" && item.Token is { } token)
                    {
                        tokens.Add(token);
                        streamed.Append(item.Text);
                        if (!string.IsNullOrEmpty(item.Text))
                        {
                            yield return new CompletionUpdate(item.Text, null);
                        }
                    }
                    else if (item.Type == "done" && item.Result is not null)
                    {
                        final = item.Result;
                    }
                    else
                    {
                        throw ApiProblemException.BadExecutor($"The executor sent a stream line of unknown type '{item.Type}'", "executor_stream_invalid");
                    }
                }

                if (final is null)
                {
                    continue;
                }

                if (final.Tokens is null || !tokens.SequenceEqual(final.Tokens) || streamed.ToString() != final.Text)
                {
                    pool.ReportFailure(executor);
                    metrics.ReceiptRejected(job.Model);
                    throw ApiProblemException.BadExecutor("The executor's streamed tokens or text differ from its final answer");
                }

                yield return new CompletionUpdate(null, await FinishAsync(job, call, final, executor, span));
                yield break;
            }
            finally
            {
                await events.DisposeAsync();
            }
        }

        throw Unavailable(job.Model, reasons);
    }

    private static Activity? StartExecuteSpan(SelectedExecutor executor)
    {
        var span = SequencerMetrics.ActivitySource.StartActivity("sequencer.execute", ActivityKind.Client);
        span?.SetTag("otr.executor.endpoint", executor.Client.Endpoint.ToString());
        span?.SetTag("otr.executor.address", executor.Identity.Address);
        return span;
    }

    private static async Task<(bool More, Exception? Error)> TryMoveNextAsync(IAsyncEnumerator<ExecuteStreamEvent> events)
    {
        try
        {
            return (await events.MoveNextAsync(), null);
        }
        catch (Exception e)
        {
            return (false, e);
        }
    }

    private static bool IsUnavailable(Exception e, CancellationToken clientToken) =>
        e is ExecutorUnavailableException || (e is OperationCanceledException && !clientToken.IsCancellationRequested);

    private static ApiProblemException Rejected(ExecutorRejectedException e)
    {
        var detail = e.Error.Error;
        return new ApiProblemException(e.Status, new ApiError(detail with { Message = "The executor rejected the request: " + detail.Message }));
    }

    private static ApiProblemException Unavailable(string model, List<string> reasons) =>
        ApiProblemException.Unavailable($"No executor for model '{model}' answered: {string.Join("; ", reasons)}");

    private static string OpenAiFinishReason(string executorReason) => executorReason switch
    {
        "length" or "context" => "length",
        _ => "stop",
    };

    private async Task<SelectedExecutor> SelectAsync(string model, CancellationToken cancellationToken)
    {
        try
        {
            return await pool.NextAsync(model, cancellationToken);
        }
        catch (ExecutorUnavailableException e)
        {
            throw ApiProblemException.Unavailable(e.Message);
        }
    }

    private async Task<ExecuteRequest> BuildCallAsync(PreparedCompletion job, SelectedExecutor executor, bool stream, CancellationToken cancellationToken)
    {
        var nonce = await Durably(() => store.NextNonceAsync(executor.Identity.Address, cancellationToken));
        return new ExecuteRequest(job.RequestId.ToString(), job.Model, job.Prompt, job.Params.MaxTokens, job.Params.TemperatureMilli, job.Params.Seed, nonce, stream);
    }

    private async Task<CompletionResult> FinishAsync(PreparedCompletion job, ExecuteRequest call, ExecuteResponse response, SelectedExecutor executor, Activity? span)
    {
        VerifiedReceipt verified;
        try
        {
            verified = verifier.Verify(call, response, executor.Identity);
        }
        catch (ReceiptRejectedException e)
        {
            pool.ReportFailure(executor);
            metrics.ReceiptRejected(job.Model);
            LogRejected(executor.Client.Endpoint, e.Message);
            throw ApiProblemException.BadExecutor($"The executor's receipt failed verification: {e.Message}");
        }

        var entry = new ReceiptEntry(
            verified.Digest,
            verified.Json,
            job.Model,
            job.Prompt,
            job.Params.MaxTokens,
            job.Params.TemperatureMilli,
            job.Params.Seed,
            response.PromptTokens,
            [.. response.Tokens],
            response.Text,
            response.FinishReason,
            time.GetUtcNow(),
            (span ?? Activity.Current)?.Id);

        // Not cancellable: once verified, the receipt is stored even if the client has gone.
        await Durably(() => store.AddAsync(entry, CancellationToken.None));
        metrics.ReceiptStored(job.Model, time.GetElapsedTime(job.Started));
        span?.SetTag("otr.receipt_digest", verified.Digest.ToString());
        return new CompletionResult(
            job.RequestId,
            job.Model,
            job.Created,
            response.PromptTokens,
            response.Tokens.Count,
            response.Text,
            OpenAiFinishReason(response.FinishReason),
            verified.Json,
            verified.Digest);
    }

    private async Task<T> Durably<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (IOException e)
        {
            LogStoreFailed(e);
            throw new ApiProblemException(503, new ApiError(new ApiErrorDetail("The receipt store is unavailable; nothing was answered", "server_error", null, "store_unavailable")), e);
        }
    }

    private void Failed(SelectedExecutor executor, Exception e, List<string> reasons)
    {
        pool.ReportFailure(executor);
        var reason = e is OperationCanceledException ? $"executor {executor.Client.Endpoint} timed out after {_options.ExecutorTimeout}" : e.Message;
        reasons.Add(reason);
        LogExecutorFailed(executor.Client.Endpoint, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Executor {Endpoint} failed: {Reason}")]
    private partial void LogExecutorFailed(Uri endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected the receipt of executor {Endpoint}: {Reason}")]
    private partial void LogRejected(Uri endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The receipt store failed")]
    private partial void LogStoreFailed(Exception e);
}
