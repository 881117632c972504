using System.Diagnostics;
using Microsoft.Extensions.Options;
using Otr.Messaging;
using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// The challenger's loop: takes published receipts from the feed, gathers facts
/// (<see cref="ReceiptFactsLoader"/>), asks <see cref="ReceiptCheckPolicy"/> for a verdict, then acts:
/// stores the verdict durably, counts and logs the findings, and only then commits the feed position.
/// A crash between storing and committing redelivers the receipt, which then finds its verdict stored.
/// Before judging anything it checks that its model's weights root is the one registered on L1.
/// </summary>
public sealed partial class ChallengerAgent(
    IReceiptFeed feed,
    IRegistryReader registry,
    IBatchReader batches,
    IBatchProofSource proofs,
    IReexecutor reexecutor,
    IFindingStore store,
    IDisputeIntake disputes,
    ChallengerMetrics metrics,
    IOptions<ChallengerOptions> options,
    TimeProvider time,
    ILogger<ChallengerAgent> logger) : BackgroundService
{
    private static readonly ActivitySource Source = new(ChallengerMetrics.MeterName);
    private readonly ReceiptFactsLoader _loader = new(registry, batches, proofs, reexecutor, time);
    private Bytes32 _domainSeparator;
    private volatile string _state = "starting: checking the model's weights root against L1";
    private volatile bool _running;

    /// <summary>True while the agent is judging receipts (after the weights check passed).</summary>
    public bool IsRunning => _running;

    /// <summary>A short description of what the agent is doing or why it stopped (for the readiness probe).</summary>
    public string State => _state;

    /// <summary>Refuses to start when the model file's weights are not the ones registered on L1 for its model id.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var registered = await registry.GetModelAsync(reexecutor.ModelId, cancellationToken).ConfigureAwait(false);
        if (registered is null)
        {
            throw Refuse($"challenger refuses to run: model '{reexecutor.ModelName}' ({reexecutor.ModelId}) is not registered in the L1 model registry");
        }

        if (registered.WeightsRoot != reexecutor.WeightsRoot)
        {
            throw Refuse(
                $"challenger refuses to run: the model file's weights root {reexecutor.WeightsRoot} differs from the root {registered.WeightsRoot} registered on L1 for '{reexecutor.ModelName}'");
        }

        var domain = await batches.GetDomainAsync(cancellationToken).ConfigureAwait(false);
        _domainSeparator = ReceiptHasher.DomainSeparator(domain);
        LogStarted(reexecutor.ModelName, reexecutor.WeightsRoot, domain.ChainId, domain.VerifyingContract, options.Value.GroupId);
        _state = "running";
        _running = true;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        _state = "stopped";
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Yield at once so host start-up is not held by the first receive.
        await Task.Yield();
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _running = false;
            _state = $"stopped: {e.Message}";
            LogLoopFailed(e);
            throw;
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            ReceiptDelivery delivery;
            try
            {
                delivery = await feed.ReceiveAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                TraceContextHeaders.TryExtract(delivery.Headers, out var parent);
                using var activity = Source.StartActivity("challenger.check_receipt", ActivityKind.Consumer, parent);
                activity?.SetTag("messaging.message.position", delivery.Position);
                await HandleWithRetryAsync(delivery, stoppingToken).ConfigureAwait(false);
                await feed.CommitAsync(delivery, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Not committed: the delivery comes again after a restart.
                return;
            }
        }
    }

    /// <summary>Judges one delivery and stores its verdict; false when it was already judged or could not be read.</summary>
    internal async Task<bool> HandleAsync(ReceiptDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Receipt is not { } published)
        {
            LogUnreadable(delivery.Position, delivery.Error ?? "unknown reason");
            return false;
        }

        Bytes32 digest;
        try
        {
            digest = ReceiptHasher.Digest(published.Receipt, _domainSeparator);
        }
        catch (ArgumentException e)
        {
            LogUnreadable(delivery.Position, e.Message);
            return false;
        }

        Activity.Current?.SetTag("otr.receipt.digest", digest.ToString());
        if (store.Find(digest) is { } judged)
        {
            // Judged before a restart: the dispute decision may not have been recorded yet (it is idempotent).
            await disputes.SubmitAsync(published, digest, judged, cancellationToken).ConfigureAwait(false);
            LogAlreadyJudged(digest, delivery.Position);
            return false;
        }

        var facts = await _loader.LoadAsync(published, digest, cancellationToken).ConfigureAwait(false);
        var verdict = ReceiptCheckPolicy.Evaluate(published, facts);
        if (!await store.AddAsync(verdict, cancellationToken).ConfigureAwait(false))
        {
            LogAlreadyJudged(digest, delivery.Position);
            return false;
        }

        Activity.Current?.SetTag("otr.challenger.findings", verdict.Findings.Count);
        metrics.Record(verdict);
        foreach (var finding in verdict.Findings)
        {
            LogFinding(finding.Kind, digest, verdict.Executor, verdict.BatchIndex, finding.Message);
        }

        if (verdict.IsClean)
        {
            LogClean(digest, verdict.Executor, verdict.BatchIndex, verdict.Reexecuted);
        }

        await disputes.SubmitAsync(published, digest, verdict, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private InvalidOperationException Refuse(string message)
    {
        _state = message;
        return new InvalidOperationException(message);
    }

    private async Task HandleWithRetryAsync(ReceiptDelivery delivery, CancellationToken stoppingToken)
    {
        var delay = options.Value.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await HandleAsync(delivery, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // L1 or the store failed: keep the delivery uncommitted and try it again.
                LogRetry(e, delivery.Position, attempt, delay);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxRetryDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "challenger started: model {Model}, weights root {WeightsRoot} matches L1; receipts of chain {ChainId}, rollup {Rollup}; consumer group {GroupId}")]
    private partial void LogStarted(string model, Bytes32 weightsRoot, ulong chainId, string rollup, string groupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "finding {Kind} on receipt {Digest} (executor {Executor}, batch {BatchIndex}): {Detail}")]
    private partial void LogFinding(string kind, Bytes32 digest, string executor, ulong? batchIndex, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "receipt {Digest} (executor {Executor}, batch {BatchIndex}) checks out; re-executed: {Reexecuted}")]
    private partial void LogClean(Bytes32 digest, string executor, ulong? batchIndex, bool reexecuted);

    [LoggerMessage(Level = LogLevel.Debug, Message = "receipt {Digest} at {Position} already judged; skipping")]
    private partial void LogAlreadyJudged(Bytes32 digest, string position);

    [LoggerMessage(Level = LogLevel.Error, Message = "message at {Position} is not a readable published receipt, skipping it: {Reason}")]
    private partial void LogUnreadable(string position, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "challenger loop stopped")]
    private partial void LogLoopFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not judge the receipt at {Position} (attempt {Attempt}); retrying in {Delay}")]
    private partial void LogRetry(Exception exception, string position, int attempt, TimeSpan delay);
}
