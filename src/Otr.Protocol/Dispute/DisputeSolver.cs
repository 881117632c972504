namespace Otr.Protocol.Dispute;

/// <summary>
/// Pure: the next move(s) for one party of a game, from the game's on-chain state, L1 time and our own traces.
/// An empty answer means "nothing to do, wait". Every answer is a move <see cref="DisputeRules.Apply"/> accepts
/// from that party at that time (a property test holds it to that).
/// </summary>
/// <remarks>
/// Challenger: an instant proof first when it has one (our trace length differs from the receipt's; or our
/// trace is the receipt's trace and emits a token that is not the output's), then agree exactly when our
/// prefix root at the midpoint is the revealed one, and send the step. Executor: reveal the roots, leaves and
/// fine trace of the trace it signed. Either: claim a timeout once the other party's deadline has passed.
/// </remarks>
public static class DisputeSolver
{
    /// <summary>The moves <paramref name="role"/> should send now (at most one is needed; the first is the best).</summary>
    public static IReadOnlyList<DisputeMove> Solve(DisputeGameState state, DisputeRole role, IDisputeTrace ours, ulong now, DisputeWitnesses witnesses)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(witnesses);
        var turn = DisputeRules.Turn(state.Phase);
        if (turn is null)
        {
            return [];
        }

        if (now >= state.Deadline)
        {
            return turn != role ? [new DisputeMove.Timeout()] : [];
        }

        return role switch
        {
            DisputeRole.Challenger => Challenger(state, ours, witnesses),
            DisputeRole.Executor => Executor(state, ours, witnesses),
            _ => [],
        };
    }

    /// <summary>A token-mismatch proof from our trace when it is the receipt's trace (same root and length) and emits a token that is not the output's.</summary>
    public static DisputeMove.ProveTokenMismatch? FindTokenMismatch(DisputeGameState state, IDisputeTrace ours)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ours);
        if (ours.CoarseLength != state.TraceLength || ours.CoarseRoot(ours.CoarseLength) != state.TraceRoot || state.PromptTokens == 0)
        {
            return null;
        }

        foreach (var emit in ours.Emits)
        {
            if (emit.Position < state.PromptTokens - 1)
            {
                continue;
            }

            var j = (ulong)emit.Position - (state.PromptTokens - 1);
            if (j < (ulong)ours.OutputTokens.Count && ours.OutputTokens[(int)j] != emit.Token)
            {
                var proof = new DisputeMove.ProveTokenMismatch(emit.LeafIndex, emit.Position, emit.Step, emit.Token, ours.OpenCoarse(emit.LeafIndex), ours.OutputTokens);
                if (DisputeRules.IsTokenMismatch(state, proof))
                {
                    return proof;
                }
            }
        }

        return null;
    }

    private static IReadOnlyList<DisputeMove> Challenger(DisputeGameState state, IDisputeTrace ours, DisputeWitnesses witnesses)
    {
        if (ours.CoarseLength != state.TraceLength)
        {
            return [new DisputeMove.ProveTraceLength(witnesses.TraceLength(state))];
        }

        if (FindTokenMismatch(state, ours) is { } mismatch)
        {
            return [mismatch];
        }

        if (witnesses is { EosToken: { } eos, Eos: { } eosWitness } && DisputeRules.HasOutputAfterEos(ours.OutputTokens, eos)
            && DisputeRules.HashTokens(ours.OutputTokens) == state.OutputHash)
        {
            return [new DisputeMove.ProveOutputAfterEos(eosWitness(state), ours.OutputTokens)];
        }

        var mid = state.Mid;
        switch (state.Phase)
        {
            case DisputePhase.CoarseRespond:
                return [new DisputeMove.Respond(mid <= ours.CoarseLength && ours.CoarseRoot(mid) == state.MidRoot)];
            case DisputePhase.FineRespond:
                var fine = ours.Fine(state.CoarseIndex);
                return [new DisputeMove.Respond(mid <= fine.Length && fine.Root(mid) == state.MidRoot)];
            case DisputePhase.OneStep:
                return [new DisputeMove.Step(witnesses.Step(state.StepContext))];
            default:
                return [];
        }
    }

    private static IReadOnlyList<DisputeMove> Executor(DisputeGameState state, IDisputeTrace ours, DisputeWitnesses witnesses)
    {
        switch (state.Phase)
        {
            case DisputePhase.CoarseBisect when state.Hi - state.Lo >= 2 && state.Mid <= ours.CoarseLength:
                return [new DisputeMove.Bisect(ours.CoarseRoot(state.Mid))];
            case DisputePhase.CoarseLeaf when state.Lo < ours.CoarseLength:
                return [new DisputeMove.RevealLeaf(ours.CoarseLeaf(state.Lo), ours.CoarsePeaks(state.Lo))];
            case DisputePhase.FineCommit:
                var fine = ours.Fine(state.CoarseIndex);
                var m = fine.Length;
                return [new DisputeMove.CommitFine(fine.Root(m), fine.Root(m - 1), fine.Peaks(m - 1), witnesses.FineLength(state.StepContext))];
            case DisputePhase.FineBisect:
                var f = ours.Fine(state.CoarseIndex);
                return state.Mid <= f.Length ? [new DisputeMove.Bisect(f.Root(state.Mid))] : [];
            case DisputePhase.FineLeaf:
                var g = ours.Fine(state.CoarseIndex);
                return state.Lo < g.Length ? [new DisputeMove.RevealLeaf(g.Leaf(state.Lo), g.Peaks(state.Lo))] : [];
            default:
                return [];
        }
    }
}
