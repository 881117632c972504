namespace Otr.Messaging;

/// <summary>Where a published message was appended (the shape of a Kafka delivery result).</summary>
/// <param name="Topic">Topic.</param>
/// <param name="Partition">Partition the key mapped to.</param>
/// <param name="Offset">Offset of the message within that partition.</param>
public sealed record PublishResult(string Topic, int Partition, long Offset);
