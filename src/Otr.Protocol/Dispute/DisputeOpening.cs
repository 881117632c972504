using System.Numerics;

namespace Otr.Protocol.Dispute;

/// <summary>
/// What a game starts from: the disputed receipt, the accounts, what the one-step verifier returned for the
/// request at open, and the game parameters in force. The contract checks the receipt's signature, batch
/// inclusion, window and request hashes before it gets here; <see cref="DisputeRules.Open"/> starts the state.
/// </summary>
/// <param name="Receipt">The disputed receipt.</param>
/// <param name="Challenger">The account opening the game.</param>
/// <param name="Operator">The executor's operator in the registry.</param>
/// <param name="ChallengerRoot">The challenger's own trace root (must differ from the receipt's, non-zero).</param>
/// <param name="PromptTokens">Prompt token count n (verifier's requestContext).</param>
/// <param name="TokensHash">Processed tokens hash (verifier's requestContext).</param>
/// <param name="OutputTokens">Output token count g.</param>
/// <param name="MaxTokens">The receipt's signed maxTokens (its params).</param>
/// <param name="WeightsRoot">The model's registered weights root.</param>
/// <param name="Bond">The game's bond in wei.</param>
/// <param name="MoveTimeout">Seconds per move.</param>
/// <param name="ChallengerRewardBps">Challenger's share of a slash, basis points.</param>
public sealed record DisputeOpening(
    Receipt Receipt,
    string Challenger,
    string Operator,
    Bytes32 ChallengerRoot,
    uint PromptTokens,
    Bytes32 TokensHash,
    uint OutputTokens,
    uint MaxTokens,
    Bytes32 WeightsRoot,
    BigInteger Bond,
    ulong MoveTimeout,
    ushort ChallengerRewardBps);
