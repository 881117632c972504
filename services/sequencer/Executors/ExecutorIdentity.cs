namespace Otr.Sequencer.Executors;

/// <summary>What an executor says about itself at <c>GET /v1/identity</c>.</summary>
/// <param name="Address">The enclave key's Ethereum address; every receipt from this executor must recover to it.</param>
/// <param name="Model">The model it serves.</param>
/// <param name="WeightsRoot">The weights root of the loaded model (0x-hex).</param>
public sealed record ExecutorIdentity(string Address, string Model, string WeightsRoot);
