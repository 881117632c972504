using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Otr.Messaging;
using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// <see cref="IBatchProofSource"/> fed by <see cref="Topics.Batches"/>: keeps every posted batch's digest
/// list and builds inclusion proofs from it. It reads the topic from the beginning on every start, under a
/// consumer group of its own per process (never committed), because every challenger needs every batch
/// while the receipts themselves are split across the group.
/// </summary>
public sealed partial class BusBatchDirectory(
    IMessageBus bus,
    IOptions<ChallengerOptions> options,
    TimeProvider time,
    ILogger<BusBatchDirectory> logger) : BackgroundService, IBatchProofSource
{
    private readonly ConcurrentDictionary<ulong, Lazy<IReadOnlyList<BatchInclusionProof>>> _batches = new();
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource> _arrivals = new();

    /// <summary>Number of batches known.</summary>
    public int Count => _batches.Count;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Bytes32>?> GetProofAsync(ulong batchIndex, ulong leafIndex, CancellationToken cancellationToken)
    {
        if (!_batches.ContainsKey(batchIndex))
        {
            var arrival = _arrivals.GetOrAdd(batchIndex, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (!_batches.ContainsKey(batchIndex))
            {
                try
                {
                    await arrival.Task.WaitAsync(options.Value.BatchWait, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    LogBatchMissing(batchIndex, options.Value.BatchWait);
                    return null;
                }
            }
        }

        var proofs = _batches[batchIndex].Value;
        return leafIndex < (ulong)proofs.Count ? proofs[(int)leafIndex].Siblings : null;
    }

    /// <summary>Records a batch (also used directly by hosts that learn batches another way).</summary>
    public void Add(ulong batchIndex, IReadOnlyList<Bytes32> digests)
    {
        ArgumentNullException.ThrowIfNull(digests);
        if (digests.Count == 0)
        {
            return;
        }

        var copy = digests.ToArray();
        _batches.TryAdd(batchIndex, new Lazy<IReadOnlyList<BatchInclusionProof>>(() => BatchBuilder.ProveAll(copy)));
        if (_arrivals.TryRemove(batchIndex, out var arrival))
        {
            arrival.TrySetResult();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = $"{options.Value.GroupId}.batches.{Guid.NewGuid():N}";
        await using var consumer = await bus.SubscribeAsync(Topics.Batches, group, stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            BusMessage message;
            try
            {
                message = await consumer.ConsumeAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                // The bus went away with the host.
                return;
            }

            try
            {
                var posted = message.Deserialize<BatchPosted>();
                Add(posted.BatchIndex, [.. posted.ReceiptDigests.Select(Bytes32.Parse)]);
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
            {
                LogUnreadable(message.Partition, message.Offset, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "batch {BatchIndex}'s digest list did not arrive on the batches topic within {Wait}; judging its receipt with inclusion unknown")]
    private partial void LogBatchMissing(ulong batchIndex, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "batches topic message at {Partition}/{Offset} is not a readable BatchPosted, skipping it: {Reason}")]
    private partial void LogUnreadable(int partition, long offset, string reason);
}
