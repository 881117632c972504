namespace Otr.Challenger;

/// <summary>
/// The published receipts as a consumer-group stream with explicit commits: after a restart the feed
/// resumes after the last committed delivery, so a delivery that was not committed comes again.
/// </summary>
public interface IReceiptFeed : IAsyncDisposable
{
    /// <summary>Waits for the next delivery.</summary>
    ValueTask<ReceiptDelivery> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Marks the delivery (and everything before it) as handled for this consumer group.</summary>
    ValueTask CommitAsync(ReceiptDelivery delivery, CancellationToken cancellationToken);
}
