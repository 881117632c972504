namespace Otr.Chain.Anvil;

/// <summary>How <see cref="AnvilNode.StartAsync"/> launches Anvil. Every property has a usable default.</summary>
public sealed class AnvilOptions
{
    /// <summary>Chain id reported by the node. Defaults to Anvil's own default, 31337.</summary>
    public ulong ChainId { get; init; } = 31337;

    /// <summary>Loopback port to listen on; <c>null</c> (default) picks a free port.</summary>
    public int? Port { get; init; }

    /// <summary>Interval between blocks; <c>null</c> (default) mines one block per transaction (automine).</summary>
    public TimeSpan? BlockTime { get; init; }

    /// <summary>
    /// State file (<c>anvil --state</c>): loaded at start when it exists and written when the node stops,
    /// so a devnet chain survives restarts. <c>null</c> (default) keeps the chain in memory only.
    /// </summary>
    public string? StatePath { get; init; }

    /// <summary>
    /// When set with <see cref="StatePath"/>, Anvil also writes the state file at this interval, so a
    /// crash (no clean stop) loses at most one interval of chain history.
    /// </summary>
    public TimeSpan? StateInterval { get; init; }

    /// <summary>Number of funded dev accounts from the default mnemonic ("test test … junk"). Default 10.</summary>
    public int Accounts { get; init; } = 10;

    /// <summary>
    /// Explicit path of the <c>anvil</c> binary. When <c>null</c>, <c>tools/bin/anvil</c> under the
    /// repository root (the directory holding <c>Otr.sln</c>, searched upwards from
    /// <see cref="SearchStartDirectory"/>); when that is <c>null</c> too, the <c>OTR_ANVIL_PATH</c>
    /// environment variable if set, else the search from the default directories.
    /// </summary>
    public string? AnvilPath { get; init; }

    /// <summary>
    /// Where the upward search for <c>Otr.sln</c> starts; <c>null</c> tries the application base
    /// directory, then the current directory.
    /// </summary>
    public string? SearchStartDirectory { get; init; }

    /// <summary>How long to wait for the node to answer <c>eth_chainId</c>. Default 30 s.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful stop (SIGTERM, which writes the state file) may take before the process is killed. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Further raw command-line arguments appended as given (e.g. <c>--base-fee</c>, <c>--no-mining</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
