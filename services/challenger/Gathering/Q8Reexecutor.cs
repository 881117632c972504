using Otr.Inference;
using Otr.Inference.Fine;
using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// <see cref="IReexecutor"/> over a q8-exact engine (ONNX Runtime in production): tokenizes the prompt
/// as the executor does, generates, and keeps every coarse leaf for trace comparison and bisection.
/// </summary>
/// <param name="engine">The engine; its model is the one whose weights root is checked against L1.</param>
/// <param name="ownsEngine">Dispose the engine with this re-executor.</param>
public sealed class Q8Reexecutor(IQ8Engine engine, bool ownsEngine = false) : IReexecutor, IDisputeReplayer, IDisposable
{
    /// <inheritdoc />
    public string ModelName => engine.Model.Name;

    /// <inheritdoc />
    public Bytes32 ModelId => engine.Model.ModelId;

    /// <inheritdoc />
    public Bytes32 WeightsRoot => engine.Model.WeightsRoot;

    /// <inheritdoc />
    public Reexecution Run(string prompt, DecodingParams parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sink = new CollectingTraceSink();
        var result = engine.Generate(ByteTokenizer.EncodePrompt(prompt), parameters, sink);
        var acc = new TraceAccumulator();
        foreach (var leaf in sink.Leaves)
        {
            acc.Append(leaf);
        }

        return new Reexecution(result.Tokens, acc.Root, (ulong)acc.Count, sink.Leaves);
    }

    /// <inheritdoc />
    public DisputeReplay Replay(string prompt, IReadOnlyList<int> outputTokens, DecodingParams parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var trace = Q8DisputeTrace.Replay(engine, prompt, outputTokens, parameters);
        return new DisputeReplay(trace, trace.Witnesses, trace.Computed);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (ownsEngine && engine is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
