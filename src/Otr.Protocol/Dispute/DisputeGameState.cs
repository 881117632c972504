namespace Otr.Protocol.Dispute;

/// <summary>
/// One dispute game as the contract stores it (Solidity <c>Game</c>, contracts/src/DisputeGame.sol, field for
/// field; addresses as 0x strings). Built by <see cref="DisputeRules.Open"/> and changed only by
/// <see cref="DisputeRules.Apply"/>; an agent rebuilds it from the contract's view or events.
/// </summary>
public sealed record DisputeGameState
{
    /// <summary>The account that opened the game.</summary>
    public required string Challenger { get; init; }

    /// <summary>The executor's operator: plays the executor's moves and receives a lost bond.</summary>
    public required string Operator { get; init; }

    /// <summary>The receipt's enclave key (slashed when the executor loses).</summary>
    public required string Executor { get; init; }

    /// <summary>The receipt's traceLength.</summary>
    public ulong TraceLength { get; init; }

    /// <summary>Seconds per move (copied from the parameters at open).</summary>
    public ulong MoveTimeout { get; init; }

    /// <summary>Challenger's share of a slash in basis points (copied at open).</summary>
    public ushort ChallengerRewardBps { get; init; }

    /// <summary>Prompt token count n (from the verifier at open).</summary>
    public uint PromptTokens { get; init; }

    /// <summary>Output token count g.</summary>
    public uint OutputTokens { get; init; }

    /// <summary>The receipt's traceRoot.</summary>
    public Bytes32 TraceRoot { get; init; }

    /// <summary>The challenger's trace root at open (informational).</summary>
    public Bytes32 ChallengerRoot { get; init; }

    /// <summary>The model's weights root.</summary>
    public Bytes32 WeightsRoot { get; init; }

    /// <summary>The receipt's paramsHash.</summary>
    public Bytes32 ParamsHash { get; init; }

    /// <summary>The receipt's outputHash.</summary>
    public Bytes32 OutputHash { get; init; }

    /// <summary>keccak of the processed tokens (from the verifier at open).</summary>
    public Bytes32 TokensHash { get; init; }

    /// <summary>The challenger's bond in wei.</summary>
    public System.Numerics.BigInteger Bond { get; init; }

    /// <summary>The phase.</summary>
    public DisputePhase Phase { get; init; }

    /// <summary>Who won, once resolved.</summary>
    public DisputeOutcome Outcome { get; init; }

    /// <summary>Why, once resolved.</summary>
    public DisputeReason Reason { get; init; }

    /// <summary>First L1 timestamp at which the pending move is late.</summary>
    public ulong Deadline { get; init; }

    /// <summary>Bisection range of the current level: prefix root at <see cref="Lo"/> agreed.</summary>
    public ulong Lo { get; init; }

    /// <summary>Bisection range of the current level: prefix root at <see cref="Hi"/> disputed.</summary>
    public ulong Hi { get; init; }

    /// <summary>The agreed prefix root at <see cref="Lo"/>.</summary>
    public Bytes32 LoRoot { get; init; }

    /// <summary>The disputed prefix root at <see cref="Hi"/>.</summary>
    public Bytes32 HiRoot { get; init; }

    /// <summary>The executor's root at the midpoint while the challenger's answer is pending (zero otherwise).</summary>
    public Bytes32 MidRoot { get; init; }

    /// <summary>The disputed coarse step k.</summary>
    public ulong CoarseIndex { get; init; }

    /// <summary>The agreed coarse prefix root P_k.</summary>
    public Bytes32 CoarsePrefixRoot { get; init; }

    /// <summary>The executor's coarse leaf k.</summary>
    public Bytes32 CoarseLeaf { get; init; }

    /// <summary>Fine leaves m of step k.</summary>
    public ulong FineLength { get; init; }

    /// <summary>The executor's fine root over all m leaves.</summary>
    public Bytes32 FineRoot { get; init; }

    /// <summary>The disputed fine leaf i.</summary>
    public ulong FineIndex { get; init; }

    /// <summary>The agreed fine prefix root F_i.</summary>
    public Bytes32 FinePrefixRoot { get; init; }

    /// <summary>The executor's fine leaf i.</summary>
    public Bytes32 FineLeaf { get; init; }

    /// <summary>The bisection midpoint of the current range, <c>lo + (hi − lo) / 2</c> (the contract's rule).</summary>
    public ulong Mid => Lo + ((Hi - Lo) / 2);

    /// <summary>Whose move it is (null once resolved).</summary>
    public DisputeRole? Turn => DisputeRules.Turn(Phase);

    /// <summary>The one-step context established so far.</summary>
    public DisputeStepContext StepContext =>
        new(WeightsRoot, ParamsHash, TokensHash, PromptTokens, OutputTokens, CoarseIndex, CoarsePrefixRoot, FineIndex, FinePrefixRoot);
}
