using CsCheck;
using Otr.Protocol.Dispute;

namespace Otr.Protocol.Tests.Dispute;

/// <summary>Full games over random traces, divergence points, faults and silences: the solver only ever plays legal moves, and the honest side wins.</summary>
public class DisputeSolverPropertyTests
{
    private sealed record Case(int Seed, uint Prompt, uint Output, int FineMax, ulong D, ulong Fd, Fault Fault, bool ExecutorHonest, int Silent, int SilentAfter);

    private static readonly Gen<Case> Cases =
        Gen.Select(Gen.Int[0, 1_000_000], Gen.UInt[1, 6], Gen.UInt[1, 6], Gen.Int[1, 12], Gen.ULong, Gen.ULong)
            .Select(Gen.Enum<Fault>(), Gen.Bool, Gen.Int[0, 2], Gen.Int[0, 12],
                (a, fault, honest, silent, after) => new Case(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, fault, honest, silent, after));

    [Fact]
    public void Solve_RandomGames_EveryOutputLegal_HonestSideWins_MoveCountBounded() =>
        Cases.Sample(c =>
        {
            var world = new DisputeWorld(c.Seed, c.Prompt, c.Output, c.FineMax, c.D, c.Fd);
            // Exactly one side is dishonest: a faulty executor against an honest challenger, or an honest executor
            // against a challenger whose trace is wrong from the divergence on.
            var fault = c.ExecutorHonest ? Fault.None : (c.Fault == Fault.None ? Fault.WrongLeaves : c.Fault);
            var executor = world.Executor(fault);
            var challenger = c.ExecutorHonest ? world.DishonestChallenger() : world.HonestChallenger(fault);
            var receipt = world.Receipt(executor, fault);
            var (final, moves) = DisputePlayer.Play(world, world.Opening(receipt, fault), executor, challenger,
                executorSilentAfter: c.Silent == 1 ? c.SilentAfter : int.MaxValue,
                challengerSilentAfter: c.Silent == 2 ? c.SilentAfter : int.MaxValue);

            Assert.Equal(DisputePhase.Resolved, final.Phase);
            foreach (var m in moves)
            {
                Assert.Equal(m.After.Phase, DisputeLifecycle.Table.Apply(m.Before.Phase, DisputeLifecycle.EventOf(m.Before, m.Move, m.After)));
            }

            var honestWinner = c.ExecutorHonest ? DisputeOutcome.ExecutorWins : DisputeOutcome.ChallengerWins;
            var honestSilenced = (c.Silent == 1 && c.ExecutorHonest) || (c.Silent == 2 && !c.ExecutorHonest);
            if (!honestSilenced)
            {
                Assert.Equal(honestWinner, final.Outcome);
            }

            var bound = (2 * DisputeRules.MaxRounds(receipt.TraceLength)) + (2 * DisputeRules.MaxRounds((ulong)c.FineMax)) + 4;
            Assert.True(moves.Count <= bound, $"{moves.Count} moves > {bound}");
        }, iter: 400);

    [Fact]
    public void Solve_EveryStateOfRandomGames_BothRolesAndBystander_OnlyLegalMovesAtAnyTime() =>
        Cases.Sample(c =>
        {
            var world = new DisputeWorld(c.Seed, c.Prompt, c.Output, c.FineMax, c.D, c.Fd);
            var fault = c.ExecutorHonest ? Fault.None : Fault.WrongLeaves;
            var executor = world.Executor(fault);
            var challenger = c.ExecutorHonest ? world.DishonestChallenger() : world.HonestChallenger(fault);
            var (_, moves) = DisputePlayer.Play(world, world.Opening(world.Receipt(executor, fault), fault), executor, challenger);
            foreach (var state in moves.Select(m => m.Before))
            {
                foreach (var now in new[] { state.Deadline - 1, state.Deadline, state.Deadline + 1_000 })
                {
                    foreach (var (role, trace) in new[] { (DisputeRole.Executor, (IDisputeTrace)executor), (DisputeRole.Challenger, challenger), (DisputeRole.Bystander, challenger) })
                    {
                        foreach (var move in DisputeSolver.Solve(state, role, trace, now, world.Witnesses))
                        {
                            Assert.True(DisputeRules.IsLegal(state, move, role, now, WitnessOracle.Instance), $"{role} {move.Kind} in {state.Phase} at {now} (deadline {state.Deadline})");
                        }
                    }
                }
            }
        }, iter: 100);
}
