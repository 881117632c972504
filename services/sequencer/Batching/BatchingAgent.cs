using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Otr.Messaging;
using Otr.Protocol;
using Otr.Sequencer.Configuration;
using Otr.Sequencer.Receipts;
using Otr.Sequencer.Telemetry;

namespace Otr.Sequencer.Batching;

/// <summary>
/// Cuts pending receipts into batches, posts them to L1 and publishes them for challengers.
/// Each tick gathers the pending receipts from the store, asks the pure <see cref="BatchPolicy"/>
/// whether to cut, and acts: the batch (index, members in store order, root, dataPointer) is persisted
/// before it is posted; once posted, its receipts and a <see cref="BatchPosted"/> message are
/// published. Every tick first finishes the batches persisted earlier (in index order), so after a
/// restart a batch persisted but not confirmed is posted again under the same index — the poster
/// re-attaches to its earlier transaction — and a posted but unpublished one is published.
/// Publishing is at least once; consumers key by receipt digest and batch index.
/// </summary>
internal sealed partial class BatchingAgent(
    IReceiptStore store,
    IBatchPoster poster,
    IMessageBus bus,
    BatchingStatus status,
    IOptions<BatchingOptions> options,
    TimeProvider time,
    SequencerMetrics metrics,
    ILogger<BatchingAgent> logger) : BackgroundService
{
    private readonly BatchingOptions _options = options.Value;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled && poster is UnconfiguredBatchPoster)
        {
            throw new InvalidOperationException(UnconfiguredBatchPoster.Message);
        }

        return base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// One pass: finish earlier batches, then cut and finish as many batches as the policy asks for.
    /// Returns how long to wait before the next pass.
    /// </summary>
    internal async Task<TimeSpan> TickAsync(CancellationToken cancellationToken)
    {
        foreach (var unfinished in store.UnfinishedBatches())
        {
            await FinishAsync(unfinished, cancellationToken);
        }

        while (true)
        {
            var pending = store.Pending();
            var oldestAge = pending.Count == 0 ? TimeSpan.Zero : time.GetUtcNow() - pending[0].Entry.ReceivedAt;
            var decision = BatchPolicy.Decide(pending.Count, oldestAge, _options.MaxCount, _options.MaxAge);
            if (!decision.CutNow)
            {
                return decision.RecheckAfter is { } recheck && recheck < _options.TickInterval ? recheck : _options.TickInterval;
            }

            var batch = await CutAsync([.. pending.Take(decision.Count).Select(p => p.Entry)], cancellationToken);
            await FinishAsync(batch, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            LogDisabled();
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await TickAsync(stoppingToken);
                status.Succeeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogTickFailed(e);
                status.Failed(time.GetUtcNow(), e);
                wait = _options.RetryDelay;
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<StoredBatch> CutAsync(IReadOnlyList<ReceiptEntry> members, CancellationToken cancellationToken)
    {
        var index = store.NextBatchIndex;
        var digests = members.Select(m => m.Digest).ToList();
        var commitment = BatchBuilder.Build(digests);
        var dataPointer = BatchPayload.DataPointer(BatchPayload.Messages(index, members));
        var record = new BatchRecord(index, commitment.Root, digests, dataPointer, time.GetUtcNow());
        var stored = await store.AddBatchAsync(record, cancellationToken);
        LogCut(index, digests.Count, commitment.Root);
        return stored;
    }

    private async Task FinishAsync(StoredBatch stored, CancellationToken cancellationToken)
    {
        var batch = stored.Batch;
        using var activity = SequencerMetrics.ActivitySource.StartActivity("sequencer.batch", ActivityKind.Internal, default(ActivityContext), links: Links(batch));
        activity?.SetTag("otr.batch.index", batch.Index);
        activity?.SetTag("otr.batch.count", batch.Members.Count);
        var txHash = stored.TxHash;
        if (txHash is null)
        {
            txHash = await poster.PostAsync(batch, cancellationToken);
            await store.MarkPostedAsync(batch.Index, txHash, cancellationToken);
            metrics.BatchPosted();
            LogPosted(batch.Index, txHash);
        }

        activity?.SetTag("otr.tx.hash", txHash);
        if (!stored.Published)
        {
            await PublishAsync(batch, txHash, cancellationToken);
            await store.MarkPublishedAsync(batch.Index, cancellationToken);
        }
    }

    private async Task PublishAsync(BatchRecord batch, string txHash, CancellationToken cancellationToken)
    {
        var members = batch.Members.Select(d => store.Find(d)?.Entry ?? throw new InvalidOperationException($"batch {batch.Index} member {d} is not in the store")).ToList();
        var messages = BatchPayload.Messages(batch.Index, members);
        for (var i = 0; i < members.Count; i++)
        {
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            if (members[i].TraceParent is { } traceParent)
            {
                headers[TraceContextHeaders.TraceParent] = traceParent;
            }
            else
            {
                TraceContextHeaders.Inject(Activity.Current, headers);
            }

            await bus.PublishAsync(Topics.Receipts, members[i].Digest.ToString(), messages[i], headers, cancellationToken);
        }

        var posted = new BatchPosted(batch.Index, batch.Root.ToString(), batch.Members.Count, txHash, [.. batch.Members.Select(d => d.ToString())]);
        await bus.PublishJsonAsync(Topics.Batches, batch.Index.ToString(CultureInfo.InvariantCulture), posted, ct: cancellationToken);
    }

    private IEnumerable<ActivityLink> Links(BatchRecord batch)
    {
        foreach (var digest in batch.Members)
        {
            if (store.Find(digest)?.Entry.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, null, out var context))
            {
                yield return new ActivityLink(context);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batching is disabled (Sequencer:Batching:Enabled=false); receipts stay pending")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Cut batch {Index} with {Count} receipts, root {Root}")]
    private partial void LogCut(ulong index, int count, Bytes32 root);

    [LoggerMessage(Level = LogLevel.Information, Message = "Posted batch {Index} in transaction {TxHash}")]
    private partial void LogPosted(ulong index, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batching pass failed; retrying")]
    private partial void LogTickFailed(Exception e);
}
