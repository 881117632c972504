namespace Otr.Sequencer.Configuration;

/// <summary>Settings of the batching agent, bound from <c>Sequencer:Batching</c>.</summary>
public sealed class BatchingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Sequencer:Batching";

    /// <summary>When false the agent does not run (receipts stay pending). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A batch is cut as soon as this many receipts are pending; also the largest batch. Default 64.</summary>
    public int MaxCount { get; set; } = 64;

    /// <summary>A batch is cut when the oldest pending receipt is this old. Default 10 seconds.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the agent looks at the store. Default 500 ms.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Wait after a failed post or publish before trying again. Default 2 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
