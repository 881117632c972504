using System.Numerics;

namespace Otr.Protocol.Dispute;

/// <summary>
/// Who is paid what when a game resolves (the contract credits pull payments): the executor losing has its
/// whole stake slashed, <c>reward = slashed · bps / 10000</c> is credited to the challenger with its bond back,
/// the rest is burned; the challenger losing has its bond credited to the executor's operator.
/// </summary>
/// <param name="Slashed">Wei taken from the executor's stake.</param>
/// <param name="Reward">Part of it credited to the challenger.</param>
/// <param name="Burned">Part of it burned.</param>
/// <param name="ChallengerCredit">Wei credited to the challenger (bond + reward, or 0).</param>
/// <param name="OperatorCredit">Wei credited to the executor's operator (the bond, or 0).</param>
public sealed record DisputeSettlement(BigInteger Slashed, BigInteger Reward, BigInteger Burned, BigInteger ChallengerCredit, BigInteger OperatorCredit)
{
    /// <summary>Basis points in one.</summary>
    public const int Bps = 10_000;

    /// <summary>The settlement of a resolved game given the executor's stake at resolution.</summary>
    /// <exception cref="ArgumentException">The game is not resolved, or the stake is negative.</exception>
    public static DisputeSettlement Of(DisputeGameState state, BigInteger stake)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Phase != DisputePhase.Resolved)
        {
            throw new ArgumentException($"the game is not resolved ({state.Phase})", nameof(state));
        }

        if (stake.Sign < 0)
        {
            throw new ArgumentException($"stake must not be negative (was {stake})", nameof(stake));
        }

        if (state.Outcome == DisputeOutcome.ExecutorWins)
        {
            return new DisputeSettlement(0, 0, 0, 0, state.Bond);
        }

        var reward = stake * state.ChallengerRewardBps / Bps;
        return new DisputeSettlement(stake, reward, stake - reward, state.Bond + reward, 0);
    }
}
