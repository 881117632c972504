namespace Otr.Challenger;

/// <summary>
/// The challenger's L1 connection (section <c>Challenger:L1</c>). Required unless the host registers
/// its own <see cref="IRegistryReader"/> and <see cref="IBatchReader"/>. Read-only: disputes send their
/// transactions from the account of <see cref="ChallengerDisputeOptions"/>.
/// </summary>
public sealed class ChallengerL1Options
{
    /// <summary>JSON-RPC endpoint of the L1 node, e.g. <c>http://127.0.0.1:8545</c>.</summary>
    public string? RpcUrl { get; set; }

    /// <summary>Address of the ModelRegistry contract.</summary>
    public string? ModelRegistry { get; set; }

    /// <summary>Address of the ExecutorRegistry contract.</summary>
    public string? ExecutorRegistry { get; set; }

    /// <summary>Address of the OtrRollup contract (batches, and the EIP-712 verifying contract of receipts).</summary>
    public string? Rollup { get; set; }
}
