using Otr.Protocol.Dispute;

namespace Otr.Protocol.Tests.Dispute;

/// <summary>What the solver answers in particular situations, and full games for each fault.</summary>
public class DisputeSolverTests
{
    private const ulong T0 = 1_800_000_000;
    private static readonly DisputeWorld World = new(5, 3, 4, 7, 9, 3);

    private static (DisputeGameState Final, IReadOnlyList<PlayedMove> Moves) PlayWith(Fault fault, bool executorHonest, int executorSilent = int.MaxValue, int challengerSilent = int.MaxValue)
    {
        var executor = World.Executor(executorHonest ? Fault.None : fault);
        var challenger = executorHonest ? World.DishonestChallenger() : World.HonestChallenger(fault);
        var effective = executorHonest ? Fault.None : fault;
        return DisputePlayer.Play(World, World.Opening(World.Receipt(executor, effective), effective), executor, challenger, executorSilent, challengerSilent, T0);
    }

    [Fact]
    public void Play_WrongLeaves_ChallengerWinsByStepAtTheFirstWrongLeaf()
    {
        var (final, moves) = PlayWith(Fault.WrongLeaves, executorHonest: false);
        Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.Step), (final.Outcome, final.Reason));
        Assert.Equal(World.Divergence, final.CoarseIndex);
        Assert.Equal(World.FineDivergence % (ulong)World.FineLength(World.Divergence), final.FineIndex);
        Assert.Equal(DisputeMoveKind.Step, moves[^1].Move.Kind);
    }

    [Fact]
    public void Play_HonestExecutor_WinsByStep()
    {
        var (final, _) = PlayWith(Fault.None, executorHonest: true);
        Assert.Equal((DisputeOutcome.ExecutorWins, DisputeReason.Step), (final.Outcome, final.Reason));
    }

    [Fact]
    public void Play_LongTrace_ChallengerProvesTraceLengthAtOnce()
    {
        var (final, moves) = PlayWith(Fault.LongTrace, executorHonest: false);
        Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.TraceLength), (final.Outcome, final.Reason));
        Assert.Single(moves);
    }

    [Fact]
    public void Play_TamperedOutput_ChallengerProvesTokenMismatchAtOnce()
    {
        var (final, moves) = PlayWith(Fault.TamperedOutput, executorHonest: false);
        Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.TokenMismatch), (final.Outcome, final.Reason));
        Assert.Single(moves);
    }

    [Fact]
    public void Play_SilentExecutor_ChallengerClaimsTimeout()
    {
        var (final, moves) = PlayWith(Fault.WrongLeaves, executorHonest: false, executorSilent: 2);
        Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.Timeout), (final.Outcome, final.Reason));
        Assert.Equal(DisputeRole.Challenger, moves[^1].By);
        Assert.True(moves[^1].At >= moves[^1].Before.Deadline);
    }

    [Fact]
    public void Play_SilentChallenger_ExecutorClaimsTimeout_EvenWhenWrong()
    {
        var (final, moves) = PlayWith(Fault.WrongLeaves, executorHonest: false, challengerSilent: 1);
        Assert.Equal((DisputeOutcome.ExecutorWins, DisputeReason.Timeout), (final.Outcome, final.Reason));
        Assert.Equal(DisputeRole.Executor, moves[^1].By);
    }

    [Fact]
    public void Solve_NotOurTurn_Waits_AfterOurDeadline_NothingToDo_AfterTheirs_Timeout()
    {
        var executor = World.Executor(Fault.WrongLeaves);
        var challenger = World.HonestChallenger(Fault.WrongLeaves);
        var s = DisputeRules.Open(World.Opening(World.Receipt(executor, Fault.WrongLeaves), Fault.WrongLeaves), T0);
        Assert.Empty(DisputeSolver.Solve(s, DisputeRole.Challenger, challenger, T0 + 1, World.Witnesses));
        Assert.Empty(DisputeSolver.Solve(s, DisputeRole.Bystander, challenger, T0 + 1, World.Witnesses));
        Assert.IsType<DisputeMove.Bisect>(Assert.Single(DisputeSolver.Solve(s, DisputeRole.Executor, executor, T0 + 1, World.Witnesses)));
        Assert.Empty(DisputeSolver.Solve(s, DisputeRole.Executor, executor, s.Deadline, World.Witnesses));
        Assert.IsType<DisputeMove.Timeout>(Assert.Single(DisputeSolver.Solve(s, DisputeRole.Challenger, challenger, s.Deadline, World.Witnesses)));
        Assert.IsType<DisputeMove.Timeout>(Assert.Single(DisputeSolver.Solve(s, DisputeRole.Bystander, challenger, s.Deadline, World.Witnesses)));
        Assert.Empty(DisputeSolver.Solve(s with { Phase = DisputePhase.Resolved }, DisputeRole.Challenger, challenger, s.Deadline, World.Witnesses));
    }

    [Fact]
    public void Play_MoveCount_IsLogarithmic()
    {
        var world = new DisputeWorld(3, 40, 60, 40, 1_000, 17);
        var executor = world.Executor(Fault.WrongLeaves);
        var (final, moves) = DisputePlayer.Play(world, world.Opening(world.Receipt(executor, Fault.WrongLeaves), Fault.WrongLeaves), executor, world.HonestChallenger(Fault.WrongLeaves));
        Assert.Equal(DisputeOutcome.ChallengerWins, final.Outcome);
        var bound = (2 * DisputeRules.MaxRounds(world.ExpectedLength)) + (2 * DisputeRules.MaxRounds(40)) + 3;
        Assert.InRange(moves.Count, 3, bound);
    }
}
