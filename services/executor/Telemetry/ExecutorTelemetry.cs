using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Otr.Executor.Telemetry;

/// <summary>The executor's ActivitySource and Meter (<c>Otr.Executor</c>) and its instruments.</summary>
public sealed class ExecutorTelemetry : IDisposable
{
    /// <summary>Name of the ActivitySource and the Meter.</summary>
    public const string Name = "Otr.Executor";

    /// <summary>Generated tokens counter.</summary>
    public const string TokensInstrument = "otr.executor.tokens";

    /// <summary>Inference duration histogram (engine time of one request, milliseconds).</summary>
    public const string InferenceInstrument = "otr.executor.inference_ms";

    /// <summary>Requests counter, tagged with <c>outcome</c>.</summary>
    public const string RequestsInstrument = "otr.executor.requests";

    private readonly Meter _meter;

    /// <summary>Creates the instruments on a meter from the factory.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public ExecutorTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        Tokens = _meter.CreateCounter<long>(TokensInstrument, "{token}", "Tokens generated");
        InferenceMilliseconds = _meter.CreateHistogram<double>(InferenceInstrument, "ms", "Engine time per request");
        Requests = _meter.CreateCounter<long>(RequestsInstrument, "{request}", "Execute requests by outcome");
    }

    /// <summary>The executor's activity source.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary><c>otr.executor.tokens</c>.</summary>
    public Counter<long> Tokens { get; }

    /// <summary><c>otr.executor.inference_ms</c>.</summary>
    public Histogram<double> InferenceMilliseconds { get; }

    /// <summary><c>otr.executor.requests</c>.</summary>
    public Counter<long> Requests { get; }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
