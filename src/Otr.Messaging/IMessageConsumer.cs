namespace Otr.Messaging;

/// <summary>A member of a consumer group reading one topic. Not thread-safe: one reader loop per consumer.</summary>
public interface IMessageConsumer : IAsyncDisposable
{
    /// <summary>The topic read.</summary>
    string Topic { get; }

    /// <summary>The consumer group.</summary>
    string GroupId { get; }

    /// <summary>Partitions currently assigned to this consumer (changes when group members join or leave).</summary>
    IReadOnlyList<int> AssignedPartitions { get; }

    /// <summary>Waits for and returns the next message of an assigned partition.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The consumer or the bus was disposed.</exception>
    ValueTask<BusMessage> ConsumeAsync(CancellationToken ct = default);

    /// <summary>
    /// Records that <paramref name="message"/> and everything before it in its partition are handled
    /// (committed offset = <c>message.Offset + 1</c>). A commit for a partition no longer assigned to
    /// this consumer is ignored: its new owner will see the message again, as with Kafka.
    /// </summary>
    ValueTask CommitAsync(BusMessage message, CancellationToken ct = default);
}
