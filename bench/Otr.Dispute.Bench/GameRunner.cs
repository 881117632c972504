using Otr.Chain.Disputes;
using Otr.Inference.Fine;
using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Dispute.Bench;

/// <summary>One move as it landed on L1: who sent it, what it was, the range it left, its gas.</summary>
internal sealed record PlayedMove(DisputeRole Party, DisputePhase Phase, string Move, ulong Lo, ulong Hi, long Gas)
{
    public bool IsCoarseBisection => Phase is DisputePhase.CoarseBisect or DisputePhase.CoarseRespond;

    public bool IsFineBisection => Phase is DisputePhase.FineBisect or DisputePhase.FineRespond;
}

/// <summary>
/// Plays both sides of an opened game with <see cref="DisputePlayer"/> (each party from its own account and trace)
/// until it is resolved, and records every move's gas.
/// </summary>
internal static class GameRunner
{
    public static async Task<(DisputeGameState Final, IReadOnlyList<PlayedMove> Moves)> PlayAsync(
        DisputeChain chain, Bytes32 digest, Q8DisputeTrace executor, Q8DisputeTrace challenger, CancellationToken ct)
    {
        var players = new Dictionary<DisputeRole, (DisputePlayer Player, Q8DisputeTrace Trace)>
        {
            [DisputeRole.Executor] = (new DisputePlayer(chain.GameAs(chain.Operator)), executor),
            [DisputeRole.Challenger] = (new DisputePlayer(chain.GameAs(chain.Challenger)), challenger),
        };
        var layout = new FineLayout(chain.Model.Config);
        var state = await chain.GameAs(chain.Owner).GetGameAsync(digest) ?? throw new InvalidOperationException($"no game on {digest}");
        var moves = new List<PlayedMove>();
        while (state.Turn is { } role)
        {
            if (moves.Count > 4 * 64)
            {
                throw new InvalidOperationException($"the game on {digest} did not end after {moves.Count} moves");
            }

            var (player, trace) = players[role];
            var advance = await player.AdvanceAsync(digest, role, trace, trace.Witnesses, ct);
            if (advance.Move is not { } move || advance.TransactionHash is not { } hash)
            {
                throw new InvalidOperationException($"{role} made no move in {state.Phase}: {advance.Rejected ?? "nothing to do"}");
            }

            var after = advance.State;
            moves.Add(new PlayedMove(role, state.Phase, Describe(state, move, layout, challenger.Parameters.IsGreedy), after.Lo, after.Hi, await chain.GasUsedAsync(hash)));
            state = after;
        }

        return (state, moves);
    }

    private static string Describe(DisputeGameState before, DisputeMove move, FineLayout layout, bool greedy) => move switch
    {
        DisputeMove.Respond r => $"respond ({(r.Agree ? "agree" : "disagree")})",
        DisputeMove.Step => $"step ({layout.At(layout.Locate((int)before.PromptTokens, (long)before.CoarseIndex), greedy, (int)before.FineIndex).Op})",
        _ => char.ToLowerInvariant(move.Kind.ToString()[0]) + move.Kind.ToString()[1..],
    };
}
