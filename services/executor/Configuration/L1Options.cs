namespace Otr.Executor.Configuration;

/// <summary>The executor's L1 connection (section <c>Executor:L1</c>). Leave <see cref="RpcUrl"/> empty to run without L1.</summary>
public sealed class L1Options
{
    /// <summary>JSON-RPC endpoint of the L1 node, e.g. <c>http://127.0.0.1:8545</c>. Empty: no L1 (no weights check against the registry, no registration).</summary>
    public string? RpcUrl { get; set; }

    /// <summary>Address of the ModelRegistry contract (required with L1).</summary>
    public string? ModelRegistry { get; set; }

    /// <summary>Address of the ExecutorRegistry contract (required when <see cref="Register"/>).</summary>
    public string? ExecutorRegistry { get; set; }

    /// <summary>Whether to register the enclave key on the ExecutorRegistry at start (skipped when already registered).</summary>
    public bool Register { get; set; } = true;

    /// <summary>
    /// Private key (0x + 64 hex digits) of the operator account that pays for and owns the
    /// registration's stake. A secret: supply it from the environment or a secret store, never a
    /// committed file. Alternatively <see cref="OperatorKeyFile"/>.
    /// </summary>
    public string? OperatorKey { get; set; }

    /// <summary>File holding the operator private key (alternative to <see cref="OperatorKey"/>).</summary>
    public string? OperatorKeyFile { get; set; }

    /// <summary>Stake in wei sent with the registration (decimal digits). Empty: the registry's minimum stake.</summary>
    public string? StakeWei { get; set; }

    /// <summary>How long to wait for the registration transaction to be mined.</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
