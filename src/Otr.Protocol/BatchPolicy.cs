namespace Otr.Protocol;

/// <summary>
/// When the sequencer cuts a batch (pure; ages are passed in): as soon as a full batch is pending,
/// or when the oldest pending receipt reached the maximum age. A backlog larger than a batch is cut
/// in full batches, one decision at a time.
/// </summary>
public static class BatchPolicy
{
    /// <summary>Decides whether to cut a batch now and how many receipts go in it.</summary>
    /// <param name="pendingCount">Receipts signed and not yet in a batch.</param>
    /// <param name="oldestPendingAge">How long the oldest of them has waited (ignored when none; negative, from a clock step back, counts as zero).</param>
    /// <param name="maxBatchSize">Most receipts in one batch (at least 1).</param>
    /// <param name="maxBatchAge">Longest a receipt may wait before its batch is cut (zero: cut at once).</param>
    public static BatchDecision Decide(int pendingCount, TimeSpan oldestPendingAge, int maxBatchSize, TimeSpan maxBatchAge)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pendingCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchAge, TimeSpan.Zero);
        if (pendingCount == 0)
        {
            return BatchDecision.Idle;
        }

        if (pendingCount >= maxBatchSize)
        {
            return new BatchDecision(maxBatchSize, null);
        }

        var age = oldestPendingAge < TimeSpan.Zero ? TimeSpan.Zero : oldestPendingAge;
        if (age >= maxBatchAge)
        {
            return new BatchDecision(pendingCount, null);
        }

        return new BatchDecision(0, maxBatchAge - age);
    }
}
