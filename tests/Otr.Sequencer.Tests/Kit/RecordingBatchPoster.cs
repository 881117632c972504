using Otr.Sequencer.Batching;
using Otr.Sequencer.Receipts;

namespace Otr.Sequencer.Tests.Kit;

/// <summary>An <see cref="IBatchPoster"/> that records every call; it can fail a number of times first.</summary>
public sealed class RecordingBatchPoster : IBatchPoster
{
    private readonly List<BatchRecord> _calls = [];
    private readonly List<BatchRecord> _posted = [];

    /// <summary>Calls that throw before calls succeed; <see cref="int.MaxValue"/> for an L1 that is down.</summary>
    public int FailuresLeft { get; set; }

    public IReadOnlyList<BatchRecord> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<BatchRecord> Posted
    {
        get
        {
            lock (_calls)
            {
                return [.. _posted];
            }
        }
    }

    public static string TxHashOf(ulong index) => $"0x{index + 1:x64}";

    public Task<string> PostAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add(batch);
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new HttpRequestException("L1 is unreachable (test)");
            }

            _posted.Add(batch);
            return Task.FromResult(TxHashOf(batch.Index));
        }
    }
}
