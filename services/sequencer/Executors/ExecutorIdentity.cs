namespace Otr.Sequencer.Executors;

/// <summary>What an executor says about itself at <c>GET /v1/identity</c> (the fields the sequencer uses).</summary>
/// <param name="Address">The enclave key's Ethereum address; every receipt from this executor must recover to it.</param>
/// <param name="Model">The model it serves.</param>
/// <param name="WeightsRoot">The weights root of the loaded model (0x-hex).</param>
/// <param name="ChainId">Chain id of the EIP-712 domain it signs under, when it says.</param>
/// <param name="VerifyingContract">The EIP-712 verifying contract (OtrRollup) it signs for, when it says.</param>
public sealed record ExecutorIdentity(string Address, string Model, string WeightsRoot, ulong? ChainId = null, string? VerifyingContract = null);
