namespace Otr.Executor.Http;

/// <summary>Body of <c>GET /v1/identity</c>: who signs for this endpoint and what it serves.</summary>
/// <param name="Address">The enclave key's address (EIP-55); every receipt recovers to it.</param>
/// <param name="Model">The served model name.</param>
/// <param name="ModelId"><c>keccak(utf8(model))</c>, 0x-hex.</param>
/// <param name="WeightsRoot">Weights root of the (claimed) loaded model, 0x-hex.</param>
/// <param name="Tee">TEE kind, e.g. <c>simulated</c>.</param>
/// <param name="Insecure">True when the TEE gives no hardware guarantee (simulated).</param>
/// <param name="Measurement">The attested executor measurement, 0x-hex.</param>
/// <param name="ChainId">Chain id of the EIP-712 domain receipts are signed under.</param>
/// <param name="VerifyingContract">The EIP-712 verifying contract (OtrRollup).</param>
/// <param name="Registration">L1 registration status at start: <c>off-chain</c>, <c>disabled</c>, <c>registered</c>, <c>already-registered</c>.</param>
public sealed record ExecutorIdentity(
    string Address,
    string Model,
    string ModelId,
    string WeightsRoot,
    string Tee,
    bool Insecure,
    string Measurement,
    ulong ChainId,
    string VerifyingContract,
    string Registration);
