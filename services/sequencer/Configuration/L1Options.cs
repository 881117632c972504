namespace Otr.Sequencer.Configuration;

/// <summary>
/// How the sequencer reaches L1 to post batches, bound from <c>Sequencer:L1</c>. The chain id is
/// <see cref="SequencerOptions.ChainId"/> and the rollup <see cref="SequencerOptions.RollupAddress"/>.
/// The posting key is read from a file (a mounted secret), never from configuration values.
/// </summary>
public sealed class L1Options
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Sequencer:L1";

    /// <summary>JSON-RPC URL of the L1 node. Empty: no L1 posting from configuration.</summary>
    public string RpcUrl { get; set; } = "";

    /// <summary>File holding the sequencer account's 0x-hex private key (the account set as the rollup's sequencer).</summary>
    public string PrivateKeyFile { get; set; } = "";

    /// <summary>Blocks that must include a batch transaction before it counts as posted. Default 1.</summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>How often the node is polled while waiting for a transaction. Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The ExecutorRegistry contract. When set, the sequencer only routes to executors whose enclave key is registered
    /// (with stake) for the requested model, and rechecks each key every <see cref="RegistrationCacheTtl"/> so a
    /// slashed or withdrawn executor stops receiving requests.
    /// </summary>
    public string ExecutorRegistry { get; set; } = "";

    /// <summary>How long a positive registration check is trusted before it is asked of L1 again. Default 30 s.</summary>
    public TimeSpan RegistrationCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often stored receipts are attributed their fees (needs <see cref="ExecutorRegistry"/>). Default 1 s.</summary>
    public TimeSpan FeeInterval { get; set; } = TimeSpan.FromSeconds(1);
}
