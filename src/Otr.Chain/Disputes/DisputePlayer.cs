using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Otr.Chain.Contracts;
using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Chain.Disputes;

/// <summary>What one call of <see cref="DisputePlayer.AdvanceAsync"/> saw and did.</summary>
/// <param name="State">The game as L1 holds it after the call.</param>
/// <param name="Move">The move sent (or tried), or null when there was nothing to do.</param>
/// <param name="TransactionHash">The move's transaction, when it landed.</param>
/// <param name="Rejected">The contract's error when the move reverted (the game moved on meanwhile, or the deadline passed).</param>
public sealed record DisputeAdvance(DisputeGameState State, DisputeMove? Move, string? TransactionHash, string? Rejected);

/// <summary>
/// Plays one party's side of games on L1: read the game, ask <see cref="DisputeSolver"/> for the move at the latest
/// block's time, send it. Stateless between calls: every decision is made from the game's state on L1 and the
/// party's own trace, so a restarted agent continues exactly where the game is, and a move sent twice (a crash
/// before its receipt) only reverts.
/// </summary>
/// <param name="game">The game contract, bound to the party's account.</param>
/// <param name="logger">Where <see cref="PlayAsync"/> logs each move sent or rejected (none by default).</param>
public sealed partial class DisputePlayer(DisputeGameService game, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>The game contract.</summary>
    public DisputeGameService Game => game;

    /// <summary>Reads the game and sends <paramref name="role"/>'s next move, if any.</summary>
    public async Task<DisputeAdvance> AdvanceAsync(Bytes32 digest, DisputeRole role, IDisputeTrace trace, DisputeWitnesses witnesses, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(witnesses);
        var state = await game.GetGameAsync(digest).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no game is open on receipt {digest}");
        if (state.Phase == DisputePhase.Resolved)
        {
            return new DisputeAdvance(state, null, null, null);
        }

        var (_, now) = await game.GetLatestBlockAsync().ConfigureAwait(false);
        var moves = DisputeSolver.Solve(state, role, trace, now, witnesses);
        if (moves.Count == 0)
        {
            return new DisputeAdvance(state, null, null, null);
        }

        var move = moves[0];
        try
        {
            var tx = await game.SendAsync(digest, move, ct).ConfigureAwait(false);
            var after = await game.GetGameAsync(digest).ConfigureAwait(false) ?? state;
            return new DisputeAdvance(after, move, tx.TransactionHash, null);
        }
        catch (ContractRevertException e)
        {
            // The state moved under us (the other party or a timeout landed first) or our clock was a block behind:
            // the next call decides again from the new state.
            return new DisputeAdvance(state, move, null, e.ErrorName ?? e.Message);
        }
    }

    /// <summary>
    /// Sends <paramref name="role"/>'s moves one after another while it has one and each lands, logging each. Returns the
    /// game's state at the end: Resolved, or waiting on the other party, or after a rejected move (decided again on the
    /// next call).
    /// </summary>
    public async Task<DisputeGameState> PlayAsync(Bytes32 digest, DisputeRole role, IDisputeTrace trace, DisputeWitnesses witnesses, CancellationToken ct = default)
    {
        while (true)
        {
            var advance = await AdvanceAsync(digest, role, trace, witnesses, ct).ConfigureAwait(false);
            if (advance.Move is { } move)
            {
                if (advance.Rejected is { } error)
                {
                    LogMoveRejected(digest, move.Kind, error);
                }
                else
                {
                    LogMoved(digest, move.Kind, advance.State.Phase, advance.TransactionHash!);
                }
            }

            if (advance.State.Phase == DisputePhase.Resolved || advance.Move is null || advance.Rejected is not null)
            {
                return advance.State;
            }
        }
    }

    /// <summary>Withdraws the account's credit when it has one; returns the wei withdrawn.</summary>
    public async Task<System.Numerics.BigInteger> WithdrawAsync(string account, CancellationToken ct = default)
    {
        var credit = await game.GetCreditAsync(account).ConfigureAwait(false);
        if (credit.IsZero)
        {
            return credit;
        }

        await game.WithdrawAsync(ct).ConfigureAwait(false);
        return credit;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "game {Digest}: sent {Move}, now {Phase} (tx {Tx})")]
    private partial void LogMoved(Bytes32 digest, DisputeMoveKind move, DisputePhase phase, string tx);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "game {Digest}: {Move} reverted with {Error}; deciding again from L1")]
    private partial void LogMoveRejected(Bytes32 digest, DisputeMoveKind move, string error);
}
