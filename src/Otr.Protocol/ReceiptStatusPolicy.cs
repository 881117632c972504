namespace Otr.Protocol;

/// <summary>
/// Decides a receipt's state from facts (pure; the caller passes L1 time in).
/// </summary>
/// <remarks>
/// Choice: a receipt whose batch window has elapsed with no dispute opened is <see cref="ReceiptState.Final"/>
/// even before anyone calls finalize on L1. From then on L1 refuses a dispute on it, so nothing can
/// change its outcome; finalize only settles accounting. This holds only if <c>Now</c> is L1 time
/// (the latest block's timestamp): with a wall clock running ahead of L1 a receipt could be reported
/// final while a dispute is still accepted. The boundary matches the contract's: a dispute is accepted
/// while <c>block.timestamp &lt; postedAt + window</c>, and the receipt is final once
/// <c>block.timestamp ≥ postedAt + window</c> (see <see cref="IsWindowOpen"/>).
/// Precedence: a lost dispute invalidates; an open dispute holds the receipt in Disputed past the
/// window; a won dispute finalises at once; otherwise the batch's state decides.
/// </remarks>
public static class ReceiptStatusPolicy
{
    /// <summary>The receipt's state.</summary>
    /// <exception cref="ArgumentException">The facts contradict each other (a dispute on a receipt whose batch is not on L1).</exception>
    public static ReceiptState Evaluate(ReceiptFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Dispute != ReceiptDispute.None && facts.Batch is BatchState.Pending or BatchState.Posting)
        {
            throw new ArgumentException($"a receipt in a {facts.Batch} batch cannot have a dispute ({facts.Dispute})", nameof(facts));
        }

        return facts.Dispute switch
        {
            ReceiptDispute.ExecutorLost => ReceiptState.Invalidated,
            ReceiptDispute.Open => ReceiptState.Disputed,
            ReceiptDispute.ExecutorWon => ReceiptState.Final,
            _ => facts.Batch switch
            {
                BatchState.Pending => ReceiptState.Provisional,
                BatchState.Posting => ReceiptState.Posted,
                BatchState.Final => ReceiptState.Final,
                _ => IsWindowOpen(facts.PostedAt, facts.ChallengeWindow, facts.Now) ? ReceiptState.Challengeable : ReceiptState.Final,
            },
        };
    }

    /// <summary>True while a dispute is still accepted: <c>now &lt; postedAt + window</c> (no overflow: a window past 2^64 never closes).</summary>
    public static bool IsWindowOpen(ulong postedAt, ulong window, ulong now) =>
        postedAt > ulong.MaxValue - window || now < postedAt + window;
}
