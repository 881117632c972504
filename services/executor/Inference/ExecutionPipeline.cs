using System.Diagnostics;
using Microsoft.Extensions.Options;
using Otr.Api;
using Otr.Executor.Configuration;
using Otr.Executor.Hosting;
using Otr.Executor.Telemetry;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Inference;

/// <summary>
/// One request end to end: run the engine with a trace sink feeding a fresh accumulator, build the
/// receipt, sign its EIP-712 digest once inside the TEE, answer. All per-request state lives in
/// locals, so concurrent requests share only immutable state and the (thread-safe) engine.
/// </summary>
internal sealed class ExecutionPipeline(ExecutorRuntime runtime, TimeProvider time, ExecutorTelemetry telemetry, IOptions<ExecutorOptions> options)
{
    private readonly CheatMode _cheat = options.Value.Cheat;

    /// <summary>Runs the request. <paramref name="onToken"/> sees each returned token as it is generated.</summary>
    public ExecuteResponse Execute(ValidatedRequest request, Action<int>? onToken, CancellationToken cancellationToken)
    {
        var state = runtime.State;
        using var activity = ExecutorTelemetry.Source.StartActivity("otr.executor.execute");
        activity?.SetTag("otr.request_id", request.RequestId.ToString());
        activity?.SetTag("otr.model", state.Model.Name);

        var accumulator = new TraceRootAccumulator();
        var alter = _cheat == CheatMode.AlterOutputAfterSigning;
        var index = 0;
        Action<int>? report = onToken is null ? null : alter ? token => onToken(OutputCheat.Alter(index++, token)) : onToken;
        var tamper = _cheat == CheatMode.TamperTraceLeaf ? TraceCheat.Index(state.Model.Executed.Config) : -1;
        var sink = new ReceiptTraceSink(accumulator, report, cancellationToken, tamper);

        var started = Stopwatch.GetTimestamp();
        var result = state.Engine.Generate(request.PromptTokens, request.Parameters, sink);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (accumulator.Count != result.TraceLength)
        {
            throw new InvalidOperationException($"the engine reported {result.TraceLength} trace leaves but emitted {accumulator.Count}");
        }

        // Cheat only: sign and return an output whose last token is not the computed one.
        IReadOnlyList<int> signedTokens = _cheat == CheatMode.AlterOutputBeforeSigning ? OutputCheat.AlterLast(result.Tokens) : result.Tokens;
        var receipt = new Receipt(
            request.RequestId,
            state.Model.ModelId,
            ReceiptFields.PromptHash(request.Prompt),
            ReceiptFields.ParamsHash(request.Parameters),
            ReceiptFields.OutputHash(signedTokens),
            accumulator.Root,
            (ulong)accumulator.Count,
            state.Tee.EnclaveAddress,
            request.Nonce,
            (ulong)time.GetUtcNow().ToUnixTimeSeconds());
        var signed = new SignedReceipt(receipt, state.Tee.Sign(ReceiptHasher.Digest(receipt, state.DomainSeparator)), state.Domain);

        IReadOnlyList<int> tokens = alter ? OutputCheat.Alter(result.Tokens) : signedTokens;
        telemetry.Tokens.Add(result.Tokens.Count);
        telemetry.InferenceMilliseconds.Record(elapsed.TotalMilliseconds);
        activity?.SetTag("otr.tokens", result.Tokens.Count);
        activity?.SetTag("otr.trace_length", accumulator.Count);
        return new ExecuteResponse(
            state.Model.Name,
            result.PromptLength,
            tokens,
            ByteTokenizer.Decode(tokens, skipSpecial: true),
            FinishReasonText(result.FinishReason),
            ReceiptJson.SerializeToElement(signed));
    }

    /// <summary>The wire text of a finish reason: <c>stop</c>, <c>length</c> or <c>context</c>.</summary>
    public static string FinishReasonText(FinishReason reason) => reason switch
    {
        FinishReason.Eos => "stop",
        FinishReason.Length => "length",
        FinishReason.Context => "context",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
