using System.Buffers.Binary;

namespace Otr.Protocol.Dispute;

/// <summary>
/// The rules of the dispute game, exactly as <c>DisputeGame.sol</c> applies them (pure: L1 time and the
/// one-step verifier's answers are passed in). A move the contract would reject throws
/// <see cref="DisputeRuleException"/> naming the Solidity error, checked in the contract's order.
/// </summary>
/// <remarks>
/// Bisection asks for the prefix root at <c>lo + (hi − lo) / 2</c>; agreeing moves <c>lo</c> up, disagreeing
/// moves <c>hi</c> down, and a range of one leaf asks the executor for that leaf. A level of <c>n</c> leaves
/// therefore takes at most ⌈log2 n⌉ rounds of two moves (<see cref="MaxRounds"/>). A move is on time while
/// <c>now &lt; deadline</c>; <see cref="DisputeMove.Timeout"/> is accepted from <c>now ≥ deadline</c>.
/// </remarks>
public static class DisputeRules
{
    /// <summary>Whose move it is in <paramref name="phase"/>; null when no move is due (no game, or resolved).</summary>
    public static DisputeRole? Turn(DisputePhase phase) => phase switch
    {
        DisputePhase.CoarseBisect or DisputePhase.CoarseLeaf or DisputePhase.FineCommit
            or DisputePhase.FineBisect or DisputePhase.FineLeaf => DisputeRole.Executor,
        DisputePhase.CoarseRespond or DisputePhase.FineRespond or DisputePhase.OneStep => DisputeRole.Challenger,
        _ => null,
    };

    /// <summary>Bisection rounds needed for a level of <paramref name="leaves"/> leaves: ⌈log2 n⌉ (0 for n ≤ 1).</summary>
    public static int MaxRounds(ulong leaves) => leaves <= 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount(leaves - 1);

    /// <summary>The state right after a successful <c>open</c> at L1 time <paramref name="now"/>.</summary>
    /// <exception cref="DisputeRuleException"><c>NoDisagreement</c>: the challenger's root is the receipt's, or zero.</exception>
    public static DisputeGameState Open(DisputeOpening opening, ulong now)
    {
        ArgumentNullException.ThrowIfNull(opening);
        var r = opening.Receipt;
        if (opening.ChallengerRoot == r.TraceRoot || opening.ChallengerRoot == Bytes32.Zero)
        {
            throw new DisputeRuleException("NoDisagreement", "the challenger's trace root must differ from the receipt's and be non-zero");
        }

        var state = new DisputeGameState
        {
            Challenger = opening.Challenger,
            Operator = opening.Operator,
            Executor = r.Executor,
            TraceLength = r.TraceLength,
            MoveTimeout = opening.MoveTimeout,
            ChallengerRewardBps = opening.ChallengerRewardBps,
            PromptTokens = opening.PromptTokens,
            OutputTokens = opening.OutputTokens,
            TraceRoot = r.TraceRoot,
            ChallengerRoot = opening.ChallengerRoot,
            WeightsRoot = opening.WeightsRoot,
            ParamsHash = r.ParamsHash,
            OutputHash = r.OutputHash,
            TokensHash = opening.TokensHash,
            Bond = opening.Bond,
            Lo = 0,
            LoRoot = TraceAppend.EmptyRoot,
            Hi = r.TraceLength,
            HiRoot = r.TraceRoot,
            Phase = r.TraceLength == 1 ? DisputePhase.CoarseLeaf : DisputePhase.CoarseBisect,
            Deadline = now + opening.MoveTimeout,
        };

        // No honest decode yields an empty output or more tokens than its own signed maxTokens: resolved at open.
        return opening.OutputTokens == 0 || opening.OutputTokens > opening.MaxTokens
            ? Resolve(state, DisputeOutcome.ChallengerWins, DisputeReason.OutputLength)
            : state;
    }

    /// <summary>True when <see cref="Apply"/> would accept the move.</summary>
    public static bool IsLegal(DisputeGameState state, DisputeMove move, DisputeRole by, ulong now, IOneStepOracle oracle)
    {
        try
        {
            Apply(state, move, by, now, oracle);
            return true;
        }
        catch (DisputeRuleException)
        {
            return false;
        }
    }

    /// <summary>The state after <paramref name="move"/> sent by <paramref name="by"/> in a block at <paramref name="now"/>.</summary>
    /// <exception cref="DisputeRuleException">The contract would revert; <see cref="DisputeRuleException.ErrorName"/> says with what.</exception>
    /// <exception cref="ArgumentException">The oracle rejects the witness (the verifier would revert).</exception>
    public static DisputeGameState Apply(DisputeGameState state, DisputeMove move, DisputeRole by, ulong now, IOneStepOracle oracle)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(move);
        ArgumentNullException.ThrowIfNull(oracle);
        if (move is DisputeMove.Timeout)
        {
            return Timeout(state, now);
        }

        OnTime(state, now);
        var deadline = now + state.MoveTimeout;
        switch (move)
        {
            case DisputeMove.Bisect bisect:
                Require(by == DisputeRole.Executor, "Unauthorized", "only the executor's operator bisects");
                var respondPhase = state.Phase switch
                {
                    DisputePhase.CoarseBisect => DisputePhase.CoarseRespond,
                    DisputePhase.FineBisect => DisputePhase.FineRespond,
                    _ => throw WrongPhase(state, move),
                };
                if (state.Hi - state.Lo < 2)
                {
                    throw WrongPhase(state, move);
                }

                return state with { MidRoot = bisect.Root, Phase = respondPhase, Deadline = deadline };

            case DisputeMove.Respond respond:
                Require(by == DisputeRole.Challenger, "Unauthorized", "only the challenger responds");
                var fine = state.Phase switch
                {
                    DisputePhase.CoarseRespond => false,
                    DisputePhase.FineRespond => true,
                    _ => throw WrongPhase(state, move),
                };
                var mid = state.Mid;
                var next = respond.Agree
                    ? state with { Lo = mid, LoRoot = state.MidRoot }
                    : state with { Hi = mid, HiRoot = state.MidRoot };
                var last = next.Hi - next.Lo == 1;
                return next with
                {
                    MidRoot = Bytes32.Zero,
                    Phase = fine
                        ? (last ? DisputePhase.FineLeaf : DisputePhase.FineBisect)
                        : (last ? DisputePhase.CoarseLeaf : DisputePhase.CoarseBisect),
                    Deadline = deadline,
                };

            case DisputeMove.RevealLeaf reveal:
                Require(by == DisputeRole.Executor, "Unauthorized", "only the executor's operator reveals leaves");
                if (state.Phase is not (DisputePhase.CoarseLeaf or DisputePhase.FineLeaf))
                {
                    throw WrongPhase(state, move);
                }

                Require(TraceAppend.Verify(state.LoRoot, state.Lo, reveal.Peaks, reveal.Leaf, state.HiRoot), "InvalidAppend",
                    $"leaf {reveal.Leaf} with the given peaks does not lead from the agreed root at {state.Lo} to the disputed root at {state.Hi}");
                return state.Phase == DisputePhase.CoarseLeaf
                    ? state with { CoarseIndex = state.Lo, CoarsePrefixRoot = state.LoRoot, CoarseLeaf = reveal.Leaf, Phase = DisputePhase.FineCommit, Deadline = deadline }
                    : state with { FineIndex = state.Lo, FinePrefixRoot = state.LoRoot, FineLeaf = reveal.Leaf, Phase = DisputePhase.OneStep, Deadline = deadline };

            case DisputeMove.CommitFine commit:
                Require(by == DisputeRole.Executor, "Unauthorized", "only the executor's operator commits the fine trace");
                if (state.Phase != DisputePhase.FineCommit)
                {
                    throw WrongPhase(state, move);
                }

                var m = oracle.FineLength(state.StepContext, commit.Witness);
                Require(m != 0, "EmptyFineTrace", $"the verifier reports no fine leaves for coarse step {state.CoarseIndex}");
                Require(TraceAppend.Verify(commit.LastRoot, m - 1, commit.LastPeaks, state.CoarseLeaf, commit.FineRoot), "InvalidAppend",
                    $"the fine root's last leaf (of {m}) is not the revealed coarse leaf {state.CoarseLeaf}");
                return state with
                {
                    FineLength = m,
                    FineRoot = commit.FineRoot,
                    Lo = 0,
                    LoRoot = TraceAppend.EmptyRoot,
                    Hi = m,
                    HiRoot = commit.FineRoot,
                    Phase = m == 1 ? DisputePhase.FineLeaf : DisputePhase.FineBisect,
                    Deadline = deadline,
                };

            case DisputeMove.Step step:
                if (state.Phase != DisputePhase.OneStep)
                {
                    throw WrongPhase(state, move);
                }

                var correct = oracle.FineLeaf(state.StepContext, step.Witness);
                return Resolve(state, correct == state.FineLeaf ? DisputeOutcome.ExecutorWins : DisputeOutcome.ChallengerWins, DisputeReason.Step);

            case DisputeMove.ProveTraceLength proof:
                var expected = oracle.ExpectedTraceLength(state.WeightsRoot, state.PromptTokens, state.OutputTokens, proof.Witness);
                Require(expected != state.TraceLength, "TraceLengthCorrect", $"the receipt's traceLength {state.TraceLength} is the expected one");
                return Resolve(state, DisputeOutcome.ChallengerWins, DisputeReason.TraceLength);

            case DisputeMove.ProveTokenMismatch proof:
                Require(IsTokenMismatch(state, proof), "NoTokenMismatch",
                    $"leaf {proof.LeafIndex} (position {proof.Position}, step {proof.TraceStep}, token {proof.Token}) is no opened emit leaf contradicting the output");
                return Resolve(state, DisputeOutcome.ChallengerWins, DisputeReason.TokenMismatch);

            case DisputeMove.ProveOutputAfterEos proof:
                Require(HashTokens(proof.OutputTokens) == state.OutputHash, "OutputMismatch", "the output tokens are not the receipt's output");
                var eos = oracle.EosToken(state.WeightsRoot, proof.Witness);
                Require(HasOutputAfterEos(proof.OutputTokens, eos), "NoOutputAfterEos", $"no output token before the last is EOS ({eos})");
                return Resolve(state, DisputeOutcome.ChallengerWins, DisputeReason.OutputAfterEos);

            default:
                throw new ArgumentException($"unknown move {move.GetType().Name}", nameof(move));
        }
    }

    /// <summary>True when an output token before the last one is <paramref name="eos"/> (the contract's proveOutputAfterEos check).</summary>
    public static bool HasOutputAfterEos(IReadOnlyList<uint> outputTokens, uint eos)
    {
        ArgumentNullException.ThrowIfNull(outputTokens);
        for (var j = 0; j + 1 < outputTokens.Count; j++)
        {
            if (outputTokens[j] == eos)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The contract's token-mismatch check: an opened leaf <c>uint32(t) ‖ uint32(l ≥ 1) ‖ uint32(token)</c> of the executor's trace at an emitting position whose token is not the output's.</summary>
    public static bool IsTokenMismatch(DisputeGameState state, DisputeMove.ProveTokenMismatch proof)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(proof);
        if (proof.TraceStep == 0 || HashTokens(proof.OutputTokens) != state.OutputHash)
        {
            return false;
        }

        if (state.PromptTokens == 0 || proof.Position < state.PromptTokens - 1)
        {
            return false;
        }

        var j = (ulong)proof.Position - (state.PromptTokens - 1);
        if (j >= state.OutputTokens || proof.OutputTokens[(int)j] == proof.Token)
        {
            return false;
        }

        if (state.TraceLength > long.MaxValue || proof.LeafIndex > long.MaxValue)
        {
            return false;
        }

        return TraceAccumulator.VerifyOpening(state.TraceRoot, (long)state.TraceLength, (long)proof.LeafIndex,
            EmitLeaf(proof.Position, proof.TraceStep, proof.Token), proof.Opening);
    }

    /// <summary><c>keccak(0x00 ‖ uint32(t) ‖ uint32(l) ‖ uint32(token))</c>.</summary>
    public static Bytes32 EmitLeaf(uint position, uint step, uint token)
    {
        Span<byte> payload = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(payload, position);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], step);
        BinaryPrimitives.WriteUInt32BigEndian(payload[8..], token);
        return TreeHash.Leaf(payload);
    }

    /// <summary><c>keccak(uint32(t_0) ‖ uint32(t_1) ‖ …)</c> (the receipt's outputHash rule).</summary>
    public static Bytes32 HashTokens(IReadOnlyList<uint> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var packed = new byte[4 * tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packed.AsSpan(4 * i), tokens[i]);
        }

        return Keccak.Hash(packed);
    }

    private static DisputeGameState Timeout(DisputeGameState state, ulong now)
    {
        Require(state.Phase != DisputePhase.None, "UnknownGame", "no game on this receipt");
        Require(state.Phase != DisputePhase.Resolved, "WrongPhase", "the game is resolved");
        Require(now >= state.Deadline, "DeadlineNotReached", $"the deadline {state.Deadline} has not been reached at {now}");
        return Resolve(state, Turn(state.Phase) == DisputeRole.Executor ? DisputeOutcome.ChallengerWins : DisputeOutcome.ExecutorWins, DisputeReason.Timeout);
    }

    private static void OnTime(DisputeGameState state, ulong now)
    {
        Require(state.Phase != DisputePhase.None, "UnknownGame", "no game on this receipt");
        Require(state.Phase != DisputePhase.Resolved, "WrongPhase", "the game is resolved");
        Require(now < state.Deadline, "DeadlinePassed", $"the move is late: deadline {state.Deadline}, now {now}");
    }

    private static DisputeGameState Resolve(DisputeGameState state, DisputeOutcome outcome, DisputeReason reason) =>
        state with { Phase = DisputePhase.Resolved, Outcome = outcome, Reason = reason };

    private static DisputeRuleException WrongPhase(DisputeGameState state, DisputeMove move) =>
        new("WrongPhase", $"{move.Kind} is not legal in {state.Phase} (range [{state.Lo}, {state.Hi}])");

    private static void Require(bool condition, string error, string message)
    {
        if (!condition)
        {
            throw new DisputeRuleException(error, message);
        }
    }
}
