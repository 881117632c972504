namespace Otr.Challenger;

/// <summary>One message taken from the receipts feed, to be committed once handled.</summary>
/// <param name="Receipt">The published receipt, or null when the message could not be read as one.</param>
/// <param name="Position">Where the message sits in the feed (e.g. <c>partition/offset</c>), for logs.</param>
/// <param name="Error">Why the message could not be read, when <paramref name="Receipt"/> is null.</param>
/// <param name="Handle">Feed-specific token that <see cref="IReceiptFeed.CommitAsync"/> needs.</param>
/// <param name="Headers">Message headers (W3C trace context of the publisher), if any.</param>
public sealed record ReceiptDelivery(
    PublishedReceipt? Receipt,
    string Position,
    string? Error,
    object? Handle,
    IReadOnlyDictionary<string, string>? Headers = null);
