using System.Numerics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Otr.Protocol;
using Otr.Sequencer.Configuration;
using Otr.Sequencer.Receipts;
using Otr.Sequencer.Telemetry;

namespace Otr.Sequencer.Fees;

/// <summary>
/// Attributes every stored receipt's fee (<see cref="FeeAttribution"/>) into the <see cref="FeeLedger"/>. The receipt
/// store is the source: each pass reads the receipts stored since the last pass, skips those the ledger already holds
/// and decides the rest with the price and registration from the <see cref="IFeeSchedule"/>. A receipt that cannot be
/// attributed yet (price unknown, key unregistered, L1 unreachable) stays waiting with its reason and is tried again
/// every pass; nothing is dropped. After a restart the pass starts from the first receipt again, and the ledger's
/// digests keep anything from being paid twice.
/// </summary>
internal sealed partial class FeeAttributionAgent(
    IReceiptStore store,
    FeeLedger ledger,
    IOptions<L1Options> options,
    TimeProvider time,
    SequencerMetrics metrics,
    ILogger<FeeAttributionAgent> logger,
    IFeeSchedule? schedule = null) : BackgroundService
{
    private const int PageSize = 256;

    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, Waiting> _waiting = [];
    private long _scanned;

    /// <summary>False when no fee schedule is configured (no <c>Sequencer:L1:ExecutorRegistry</c>).</summary>
    public bool Enabled => schedule is not null;

    /// <summary>
    /// The ledger's totals per enclave key and operator, and the receipts waiting for attribution (in store order, each
    /// with the reason it is not attributed yet), read together: a receipt is in exactly one of them.
    /// </summary>
    public (IReadOnlyList<FeeTotal> Totals, IReadOnlyList<(FeeSubject Subject, string Reason)> Unattributed) Report()
    {
        lock (_lock)
        {
            return (ledger.Totals(), [.. _waiting.Values.Select(w => (w.Subject, w.Reason))]);
        }
    }

    /// <summary>One pass: pick up newly stored receipts, then try every waiting one in store order.</summary>
    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        if (schedule is null)
        {
            return;
        }

        while (store.After(_scanned, PageSize) is { Count: > 0 } page)
        {
            lock (_lock)
            {
                foreach (var stored in page)
                {
                    if (!ledger.Contains(stored.Entry.Digest))
                    {
                        _waiting[stored.Sequence] = new Waiting(Subject(stored.Entry), "not attributed yet");
                    }
                }
            }

            _scanned = page[^1].Sequence;
        }

        foreach (var (sequence, waiting) in Snapshot())
        {
            var subject = waiting.Subject;
            BigInteger? price;
            ExecutorOperator? registration;
            try
            {
                price = await schedule.PricePerTokenAsync(subject.Model, cancellationToken);
                registration = price is null ? null : await schedule.RegistrationAsync(subject.Executor, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // L1 unreachable: every waiting receipt stays; the next pass asks again.
                Wait(sequence, waiting, $"L1 unreachable: {e.Message}");
                return;
            }

            var line = FeeAttribution.Decide(subject, price, registration, time.GetUtcNow(), out var reason);
            if (line is null)
            {
                Wait(sequence, waiting, reason!);
                continue;
            }

            // Recorded and no longer waiting in one step, so a report never shows a receipt both paid and waiting.
            bool recorded;
            lock (_lock)
            {
                recorded = ledger.Record(line);
                _waiting.Remove(sequence);
            }

            if (recorded)
            {
                metrics.FeeAttributed(line);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (schedule is null)
        {
            LogDisabled();
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // E.g. the ledger could not be written: the receipts stay waiting and are recorded on a later pass.
                LogPassFailed(e);
            }

            try
            {
                await Task.Delay(options.Value.FeeInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static FeeSubject Subject(ReceiptEntry entry) =>
        new(entry.Digest, entry.Model, ReceiptJson.Deserialize(entry.Receipt.GetRawText()).Receipt.Executor, entry.Tokens.Count);

    private List<KeyValuePair<long, Waiting>> Snapshot()
    {
        lock (_lock)
        {
            return [.. _waiting];
        }
    }

    private void Wait(long sequence, Waiting waiting, string reason)
    {
        if (waiting.Reason != reason)
        {
            LogWaiting(waiting.Subject.Digest, reason);
        }

        lock (_lock)
        {
            _waiting[sequence] = waiting with { Reason = reason };
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fee attribution is off: Sequencer:L1:ExecutorRegistry is not configured")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receipt {Digest}: fee not attributed yet ({Reason}); retrying")]
    private partial void LogWaiting(Bytes32 digest, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A fee attribution pass failed; the receipts stay waiting")]
    private partial void LogPassFailed(Exception e);

    private sealed record Waiting(FeeSubject Subject, string Reason);
}
