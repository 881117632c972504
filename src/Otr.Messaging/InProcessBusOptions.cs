namespace Otr.Messaging;

/// <summary>Settings of an <see cref="InProcessBus"/>.</summary>
public sealed class InProcessBusOptions
{
    /// <summary>
    /// Directory for durability: topic logs (<c>topics/&lt;topic&gt;/&lt;partition&gt;.log</c>) and committed
    /// offsets (<c>offsets.json</c>). <c>null</c> (default) keeps everything in memory.
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>Partitions of each new topic (a topic found on disk keeps at least the partitions it has). Default 1.</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Flush every append and commit to the storage device before returning (fsync). Default true.</summary>
    public bool FlushToDisk { get; init; } = true;
}
