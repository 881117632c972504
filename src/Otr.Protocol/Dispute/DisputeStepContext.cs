namespace Otr.Protocol.Dispute;

/// <summary>
/// What the game has established when it asks the one-step verifier (Solidity <c>StepContext</c>,
/// contracts/src/IOneStepVerifier.sol, field for field).
/// </summary>
/// <param name="WeightsRoot">The model's registered weights root.</param>
/// <param name="ParamsHash">The receipt's paramsHash.</param>
/// <param name="TokensHash">keccak of the processed tokens (prompt then output), from the verifier at open.</param>
/// <param name="PromptTokens">Prompt token count n.</param>
/// <param name="OutputTokens">Output token count g.</param>
/// <param name="CoarseIndex">The disputed coarse step k.</param>
/// <param name="CoarsePrefixRoot">The agreed prefix root of coarse leaves [0, k).</param>
/// <param name="FineIndex">The disputed fine leaf i.</param>
/// <param name="FinePrefixRoot">The agreed prefix root of fine leaves [0, i).</param>
public sealed record DisputeStepContext(
    Bytes32 WeightsRoot,
    Bytes32 ParamsHash,
    Bytes32 TokensHash,
    uint PromptTokens,
    uint OutputTokens,
    ulong CoarseIndex,
    Bytes32 CoarsePrefixRoot,
    ulong FineIndex,
    Bytes32 FinePrefixRoot);
