using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Otr.Sequencer.Telemetry;

/// <summary>
/// The sequencer's telemetry names and instruments: ActivitySource and Meter <c>Otr.Sequencer</c>;
/// <c>otr.sequencer.requests</c> (completion requests by endpoint, model and HTTP status),
/// <c>otr.sequencer.receipt_latency</c> (ms from request accepted to receipt verified and stored),
/// <c>otr.sequencer.batches_posted</c>, <c>otr.sequencer.receipts_rejected</c> and <c>otr.sequencer.fees_wei</c>.
/// </summary>
public sealed class SequencerMetrics
{
    /// <summary>Name of the ActivitySource and the Meter.</summary>
    public const string Name = "Otr.Sequencer";

    /// <summary>Instrument: completion requests answered, tagged <c>endpoint</c>, <c>model</c>, <c>status</c>.</summary>
    public const string Requests = "otr.sequencer.requests";

    /// <summary>Instrument: milliseconds from request accepted to receipt stored.</summary>
    public const string ReceiptLatency = "otr.sequencer.receipt_latency";

    /// <summary>Instrument: batches confirmed on L1.</summary>
    public const string BatchesPosted = "otr.sequencer.batches_posted";

    /// <summary>Instrument: executor answers rejected by receipt verification.</summary>
    public const string ReceiptsRejected = "otr.sequencer.receipts_rejected";

    /// <summary>Instrument: fees attributed, in wei, tagged <c>model</c>, <c>executor</c> (enclave key) and <c>operator</c>.</summary>
    public const string FeesWei = "otr.sequencer.fees_wei";

    /// <summary>The sequencer's ActivitySource (request, execute and batch spans).</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _receiptLatency;
    private readonly Counter<long> _batchesPosted;
    private readonly Counter<long> _receiptsRejected;
    private readonly Counter<double> _feesWei;

    /// <summary>Creates the instruments on a meter from the factory.</summary>
    public SequencerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(Name);
        _requests = meter.CreateCounter<long>(Requests, "{request}", "Completion requests answered, by endpoint, model and HTTP status");
        _receiptLatency = meter.CreateHistogram<double>(ReceiptLatency, "ms", "Time from request accepted to receipt verified and stored");
        _batchesPosted = meter.CreateCounter<long>(BatchesPosted, "{batch}", "Batches confirmed on L1");
        _receiptsRejected = meter.CreateCounter<long>(ReceiptsRejected, "{receipt}", "Executor answers rejected by receipt verification");
        _feesWei = meter.CreateCounter<double>(FeesWei, "wei", "Fees attributed to executors (enclave key and operator), pricePerToken × output tokens");
    }

    internal void Request(string endpoint, string? model, int status) =>
        _requests.Add(1, new("endpoint", endpoint), new("model", model ?? "unknown"), new("status", status));

    internal void ReceiptStored(string model, TimeSpan elapsed) =>
        _receiptLatency.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("model", model));

    internal void BatchPosted() => _batchesPosted.Add(1);

    internal void ReceiptRejected(string model) => _receiptsRejected.Add(1, new KeyValuePair<string, object?>("model", model));

    internal void FeeAttributed(Fees.FeeLine line) => _feesWei.Add(
        (double)line.Wei,
        new("model", line.Model),
        new("executor", line.Executor.ToLowerInvariant()),
        new("operator", line.Operator.ToLowerInvariant()));
}
