namespace Otr.Messaging;

/// <summary>A consumer-group member of an <see cref="InProcessBus"/>; all state is guarded by the bus lock.</summary>
internal sealed class InProcessConsumer(InProcessBus bus, string topic, string groupId) : IMessageConsumer
{
    // partition -> next offset to read; only assigned partitions are present.
    internal readonly Dictionary<int, long> Positions = [];
    internal int NextPartitionIndex;
    internal bool Disposed;

    public string Topic { get; } = topic;

    public string GroupId { get; } = groupId;

    public IReadOnlyList<int> AssignedPartitions => bus.AssignedPartitions(this);

    public ValueTask<BusMessage> ConsumeAsync(CancellationToken ct = default) => bus.ConsumeAsync(this, ct);

    public ValueTask CommitAsync(BusMessage message, CancellationToken ct = default) => bus.CommitAsync(this, message, ct);

    public ValueTask DisposeAsync()
    {
        bus.Leave(this);
        return ValueTask.CompletedTask;
    }
}
