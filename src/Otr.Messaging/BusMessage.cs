namespace Otr.Messaging;

/// <summary>A message read from a topic partition (the shape of a Kafka consume result).</summary>
/// <param name="Topic">Topic it was published to.</param>
/// <param name="Partition">Partition within the topic (chosen from the key).</param>
/// <param name="Offset">Position within the partition, from 0; commit it once handled.</param>
/// <param name="Key">Partitioning key; messages with the same key keep their order.</param>
/// <param name="Value">Payload bytes (JSON for the schemas in this assembly).</param>
/// <param name="Headers">Headers such as W3C trace context (<see cref="TraceContextHeaders"/>).</param>
/// <param name="Timestamp">When the bus appended it.</param>
public sealed record BusMessage(
    string Topic,
    int Partition,
    long Offset,
    string Key,
    ReadOnlyMemory<byte> Value,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset Timestamp);
