namespace Otr.Messaging;

/// <summary>
/// A partitioned, append-only message bus with consumer groups, shaped after Kafka: a message goes to
/// the partition of its key, keeps its order within that partition, and each consumer group tracks
/// its own committed offsets. Delivery is at least once: a consumer that commits after handling a
/// message resumes after it when restarted.
/// </summary>
public interface IMessageBus : IAsyncDisposable
{
    /// <summary>Appends a message; returns once it is stored (durably, for durable implementations).</summary>
    /// <param name="topic">Topic name (letters, digits, '.', '_', '-'); see <see cref="Topics"/>.</param>
    /// <param name="key">Partitioning key; messages with equal keys stay in order.</param>
    /// <param name="value">Payload.</param>
    /// <param name="headers">Optional headers, e.g. trace context.</param>
    /// <param name="ct">Cancellation.</param>
    Task<PublishResult> PublishAsync(string topic, string key, ReadOnlyMemory<byte> value, IReadOnlyDictionary<string, string>? headers = null, CancellationToken ct = default);

    /// <summary>
    /// Joins consumer group <paramref name="groupId"/> on <paramref name="topic"/>. The group's partitions
    /// are shared among its live consumers; each starts from the group's committed offset (or the
    /// beginning of the partition). Dispose the consumer to leave the group.
    /// </summary>
    Task<IMessageConsumer> SubscribeAsync(string topic, string groupId, CancellationToken ct = default);
}
