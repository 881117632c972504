using System.Numerics;
using CsCheck;
using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Protocol.Tests.Dispute;

/// <summary>Every transition, revert, timeout and outcome of <see cref="DisputeRules"/>.</summary>
public class DisputeRulesTests
{
    private const ulong T0 = 1_800_000_000;
    private static readonly IOneStepOracle Oracle = WitnessOracle.Instance;

    // A world of 2 prompt + 3 output tokens: (2 + 3 - 1) * 3 + 3 = 15 coarse leaves; a wrong executor from leaf 6 on.
    private static readonly DisputeWorld World = new(11, 2, 3, 6, 6, 2);

    private static (DisputeGameState State, DisputeTrace Executor, DisputeTrace Challenger) Start(Fault fault = Fault.WrongLeaves)
    {
        var executor = World.Executor(fault);
        var state = DisputeRules.Open(World.Opening(World.Receipt(executor, fault), fault), T0);
        return (state, executor, World.HonestChallenger(fault));
    }

    private static DisputeGameState Play(DisputeGameState state, DisputeTrace executor, DisputeTrace challenger, Func<DisputeGameState, bool> until)
    {
        var now = T0;
        while (!until(state))
        {
            now++;
            var role = state.Turn!.Value;
            var move = DisputeSolver.Solve(state, role, role == DisputeRole.Executor ? executor : challenger, now, World.Witnesses)[0];
            state = DisputeRules.Apply(state, move, role, now, Oracle);
        }

        return state;
    }

    private static string ErrorOf(Action action) => Assert.Throws<DisputeRuleException>(action).ErrorName;

    [Theory]
    [InlineData(3u, 2u)]
    [InlineData(0u, 16u)]
    public void Open_OutputEmptyOrLongerThanSignedMaxTokens_ResolvesAtOnceForTheChallenger(uint outputTokens, uint maxTokens)
    {
        var executor = World.Executor(Fault.None);
        var opening = World.Opening(World.Receipt(executor, Fault.None), Fault.None) with { OutputTokens = outputTokens, MaxTokens = maxTokens };

        var state = DisputeRules.Open(opening, T0);

        Assert.Equal(DisputePhase.Resolved, state.Phase);
        Assert.Equal(DisputeOutcome.ChallengerWins, state.Outcome);
        Assert.Equal(DisputeReason.OutputLength, state.Reason);
        Assert.Null(state.Turn);
    }

    [Fact]
    public void Open_OutputWithinSignedMaxTokens_StartsTheBisection()
    {
        var executor = World.Executor(Fault.None);
        var opening = World.Opening(World.Receipt(executor, Fault.None), Fault.None) with { MaxTokens = 3 };

        Assert.Equal(DisputePhase.CoarseBisect, DisputeRules.Open(opening, T0).Phase);
    }

    [Fact]
    public void Open_ManyLeaves_StartsCoarseBisectionOverTheWholeTrace()
    {
        var (s, executor, _) = Start();
        Assert.Equal(DisputePhase.CoarseBisect, s.Phase);
        Assert.Equal(DisputeRole.Executor, s.Turn);
        Assert.Equal((0UL, 15UL), (s.Lo, s.Hi));
        Assert.Equal(TraceAppend.EmptyRoot, s.LoRoot);
        Assert.Equal(executor.CoarseRoot(15), s.HiRoot);
        Assert.Equal(T0 + 3_600, s.Deadline);
        Assert.Equal(7UL, s.Mid);
    }

    [Fact]
    public void Open_OneLeafTrace_StartsAtCoarseLeaf_ZeroLeavesHasNoExecutorMove()
    {
        var one = new DisputeTrace([Keccak.HashUtf8("x")], [], [1], _ => [Keccak.HashUtf8("x")]);
        var s1 = DisputeRules.Open(World.Opening(World.Receipt(one, Fault.None), Fault.None), T0);
        Assert.Equal(DisputePhase.CoarseLeaf, s1.Phase);

        var none = new DisputeTrace([], [], [1], _ => []);
        var s0 = DisputeRules.Open(World.Opening(World.Receipt(none, Fault.None), Fault.None), T0);
        Assert.Equal(DisputePhase.CoarseBisect, s0.Phase);
        Assert.Equal("WrongPhase", ErrorOf(() => DisputeRules.Apply(s0, new DisputeMove.Bisect(Bytes32.Zero), DisputeRole.Executor, T0 + 1, Oracle)));
        Assert.Empty(DisputeSolver.Solve(s0, DisputeRole.Executor, none, T0 + 1, World.Witnesses));
        var timedOut = DisputeRules.Apply(s0, new DisputeMove.Timeout(), DisputeRole.Bystander, s0.Deadline, Oracle);
        Assert.Equal(DisputeOutcome.ChallengerWins, timedOut.Outcome);
    }

    [Fact]
    public void Open_ChallengerRootSameOrZero_ThrowsNoDisagreement()
    {
        var executor = World.Executor(Fault.None);
        var opening = World.Opening(World.Receipt(executor, Fault.None), Fault.None);
        Assert.Equal("NoDisagreement", ErrorOf(() => DisputeRules.Open(opening with { ChallengerRoot = opening.Receipt.TraceRoot }, T0)));
        Assert.Equal("NoDisagreement", ErrorOf(() => DisputeRules.Open(opening with { ChallengerRoot = Bytes32.Zero }, T0)));
    }

    [Theory]
    [InlineData(DisputePhase.None, null)]
    [InlineData(DisputePhase.CoarseBisect, DisputeRole.Executor)]
    [InlineData(DisputePhase.CoarseRespond, DisputeRole.Challenger)]
    [InlineData(DisputePhase.CoarseLeaf, DisputeRole.Executor)]
    [InlineData(DisputePhase.FineCommit, DisputeRole.Executor)]
    [InlineData(DisputePhase.FineBisect, DisputeRole.Executor)]
    [InlineData(DisputePhase.FineRespond, DisputeRole.Challenger)]
    [InlineData(DisputePhase.FineLeaf, DisputeRole.Executor)]
    [InlineData(DisputePhase.OneStep, DisputeRole.Challenger)]
    [InlineData(DisputePhase.Resolved, null)]
    public void Turn_EachPhase_IsThePartyThatMustMove(DisputePhase phase, DisputeRole? turn) => Assert.Equal(turn, DisputeRules.Turn(phase));

    [Theory]
    [InlineData(0UL, 0)]
    [InlineData(1UL, 0)]
    [InlineData(2UL, 1)]
    [InlineData(3UL, 2)]
    [InlineData(4UL, 2)]
    [InlineData(5UL, 3)]
    [InlineData(1024UL, 10)]
    [InlineData(1025UL, 11)]
    public void MaxRounds_IsCeilLog2(ulong n, int rounds) => Assert.Equal(rounds, DisputeRules.MaxRounds(n));

    [Fact]
    public void Bisect_ByExecutor_RevealsMidRootAndPassesTheTurn()
    {
        var (s, executor, _) = Start();
        var after = DisputeRules.Apply(s, new DisputeMove.Bisect(executor.CoarseRoot(7)), DisputeRole.Executor, T0 + 5, Oracle);
        Assert.Equal(DisputePhase.CoarseRespond, after.Phase);
        Assert.Equal(executor.CoarseRoot(7), after.MidRoot);
        Assert.Equal(T0 + 5 + 3_600, after.Deadline);
    }

    [Fact]
    public void Bisect_WrongSenderPhaseOrTime_Throws()
    {
        var (s, _, _) = Start();
        var bisect = new DisputeMove.Bisect(Keccak.HashUtf8("r"));
        Assert.Equal("Unauthorized", ErrorOf(() => DisputeRules.Apply(s, bisect, DisputeRole.Challenger, T0 + 1, Oracle)));
        Assert.Equal("Unauthorized", ErrorOf(() => DisputeRules.Apply(s, bisect, DisputeRole.Bystander, T0 + 1, Oracle)));
        Assert.Equal("DeadlinePassed", ErrorOf(() => DisputeRules.Apply(s, bisect, DisputeRole.Executor, s.Deadline, Oracle)));
        Assert.True(DisputeRules.IsLegal(s, bisect, DisputeRole.Executor, s.Deadline - 1, Oracle));
        var responding = DisputeRules.Apply(s, bisect, DisputeRole.Executor, T0 + 1, Oracle);
        Assert.Equal("WrongPhase", ErrorOf(() => DisputeRules.Apply(responding, bisect, DisputeRole.Executor, T0 + 2, Oracle)));
        Assert.Equal("UnknownGame", ErrorOf(() => DisputeRules.Apply(s with { Phase = DisputePhase.None }, bisect, DisputeRole.Executor, T0 + 1, Oracle)));
        Assert.Equal("WrongPhase", ErrorOf(() => DisputeRules.Apply(s with { Phase = DisputePhase.Resolved }, bisect, DisputeRole.Executor, T0 + 1, Oracle)));
    }

    [Fact]
    public void Respond_AgreeMovesLoUp_DisagreeMovesHiDown_OneLeftAsksForTheLeaf()
    {
        var (s, executor, _) = Start();
        var root7 = executor.CoarseRoot(7);
        s = DisputeRules.Apply(s, new DisputeMove.Bisect(root7), DisputeRole.Executor, T0 + 1, Oracle);
        Assert.Equal("Unauthorized", ErrorOf(() => DisputeRules.Apply(s, new DisputeMove.Respond(true), DisputeRole.Executor, T0 + 2, Oracle)));
        var agreed = DisputeRules.Apply(s, new DisputeMove.Respond(true), DisputeRole.Challenger, T0 + 2, Oracle);
        Assert.Equal((7UL, 15UL, root7, Bytes32.Zero, DisputePhase.CoarseBisect), (agreed.Lo, agreed.Hi, agreed.LoRoot, agreed.MidRoot, agreed.Phase));
        var disagreed = DisputeRules.Apply(s, new DisputeMove.Respond(false), DisputeRole.Challenger, T0 + 2, Oracle);
        Assert.Equal((0UL, 7UL, root7), (disagreed.Lo, disagreed.Hi, disagreed.HiRoot));

        var last = s with { Lo = 4, Hi = 6 };
        Assert.Equal(DisputePhase.CoarseLeaf, DisputeRules.Apply(last, new DisputeMove.Respond(true), DisputeRole.Challenger, T0 + 2, Oracle).Phase);
        Assert.Equal(DisputePhase.CoarseLeaf, DisputeRules.Apply(last, new DisputeMove.Respond(false), DisputeRole.Challenger, T0 + 2, Oracle).Phase);
        var fine = s with { Phase = DisputePhase.FineRespond, Lo = 0, Hi = 2 };
        Assert.Equal(DisputePhase.FineLeaf, DisputeRules.Apply(fine, new DisputeMove.Respond(true), DisputeRole.Challenger, T0 + 2, Oracle).Phase);
        Assert.Equal(DisputePhase.FineBisect, DisputeRules.Apply(fine with { Hi = 9 }, new DisputeMove.Respond(true), DisputeRole.Challenger, T0 + 2, Oracle).Phase);
        Assert.Equal("WrongPhase", ErrorOf(() => DisputeRules.Apply(s with { Phase = DisputePhase.CoarseBisect }, new DisputeMove.Respond(true), DisputeRole.Challenger, T0 + 2, Oracle)));
    }

    [Fact]
    public void Bisection_HonestChallenger_EndsAtTheFirstWrongLeaf()
    {
        var (s, executor, challenger) = Start();
        s = Play(s, executor, challenger, x => x.Phase == DisputePhase.CoarseLeaf);
        Assert.Equal((6UL, 7UL), (s.Lo, s.Hi));
        Assert.Equal(challenger.CoarseRoot(6), s.LoRoot);
        Assert.Equal(executor.CoarseRoot(7), s.HiRoot);
    }

    [Fact]
    public void RevealLeaf_BoundLeaf_MovesToFineCommit_OtherLeafOrPeaks_ThrowInvalidAppend()
    {
        var (s, executor, challenger) = Start();
        s = Play(s, executor, challenger, x => x.Phase == DisputePhase.CoarseLeaf);
        var peaks = executor.CoarsePeaks(6);
        Assert.Equal("InvalidAppend", ErrorOf(() => DisputeRules.Apply(s, new DisputeMove.RevealLeaf(challenger.CoarseLeaf(6), peaks), DisputeRole.Executor, T0 + 50, Oracle)));
        Assert.Equal("InvalidAppend", ErrorOf(() => DisputeRules.Apply(s, new DisputeMove.RevealLeaf(executor.CoarseLeaf(6), [.. peaks.Skip(1)]), DisputeRole.Executor, T0 + 50, Oracle)));
        Assert.Equal("Unauthorized", ErrorOf(() => DisputeRules.Apply(s, new DisputeMove.RevealLeaf(executor.CoarseLeaf(6), peaks), DisputeRole.Challenger, T0 + 50, Oracle)));
        var after = DisputeRules.Apply(s, new DisputeMove.RevealLeaf(executor.CoarseLeaf(6), peaks), DisputeRole.Executor, T0 + 50, Oracle);
        Assert.Equal((DisputePhase.FineCommit, 6UL, challenger.CoarseRoot(6), executor.CoarseLeaf(6)), (after.Phase, after.CoarseIndex, after.CoarsePrefixRoot, after.CoarseLeaf));
    }

    [Fact]
    public void CommitFine_Rules()
    {
        var (s, executor, challenger) = Start();
        s = Play(s, executor, challenger, x => x.Phase == DisputePhase.FineCommit);
        var fine = executor.Fine(6);
        var m = fine.Length;
        var good = new DisputeMove.CommitFine(fine.Root(m), fine.Root(m - 1), fine.Peaks(m - 1), WitnessOracle.Of(m));
        var after = DisputeRules.Apply(s, good, DisputeRole.Executor, T0 + 60, Oracle);
        Assert.Equal((m, fine.Root(m), 0UL, m, TraceAppend.EmptyRoot), (after.FineLength, after.FineRoot, after.Lo, after.Hi, after.LoRoot));
        Assert.Equal(m == 1 ? DisputePhase.FineLeaf : DisputePhase.FineBisect, after.Phase);

        Assert.Equal("EmptyFineTrace", ErrorOf(() => DisputeRules.Apply(s, good with { Witness = WitnessOracle.Of(0UL) }, DisputeRole.Executor, T0 + 60, Oracle)));
        Assert.Equal("InvalidAppend", ErrorOf(() => DisputeRules.Apply(s, good with { Witness = WitnessOracle.Of(m + 1) }, DisputeRole.Executor, T0 + 60, Oracle)));
        Assert.Equal("InvalidAppend", ErrorOf(() => DisputeRules.Apply(s, good with { FineRoot = Keccak.HashUtf8("x") }, DisputeRole.Executor, T0 + 60, Oracle)));
        Assert.Equal("Unauthorized", ErrorOf(() => DisputeRules.Apply(s, good, DisputeRole.Challenger, T0 + 60, Oracle)));
        Assert.Throws<ArgumentException>(() => DisputeRules.Apply(s, good with { Witness = [1] }, DisputeRole.Executor, T0 + 60, Oracle));

        var leaf = s.CoarseLeaf;
        var one = new DisputeMove.CommitFine(TraceAccumulator.RootFromPeaks(1, [leaf]), TraceAppend.EmptyRoot, [], WitnessOracle.Of(1UL));
        var single = DisputeRules.Apply(s, one, DisputeRole.Executor, T0 + 60, Oracle);
        Assert.Equal(DisputePhase.FineLeaf, single.Phase);
        var revealed = DisputeRules.Apply(single, new DisputeMove.RevealLeaf(leaf, []), DisputeRole.Executor, T0 + 61, Oracle);
        Assert.Equal((DisputePhase.OneStep, 0UL, leaf), (revealed.Phase, revealed.FineIndex, revealed.FineLeaf));
    }

    [Fact]
    public void Step_VerifierDisagrees_ChallengerWins_Agrees_ExecutorWins_AnyoneMaySend()
    {
        var (s, executor, challenger) = Start();
        s = Play(s, executor, challenger, x => x.Phase == DisputePhase.OneStep);
        Assert.Equal((6UL, 2UL), (s.CoarseIndex, s.FineIndex));
        var wrong = DisputeRules.Apply(s, new DisputeMove.Step(WitnessOracle.Of(Keccak.HashUtf8("correct"))), DisputeRole.Bystander, T0 + 100, Oracle);
        Assert.Equal((DisputePhase.Resolved, DisputeOutcome.ChallengerWins, DisputeReason.Step), (wrong.Phase, wrong.Outcome, wrong.Reason));
        var right = DisputeRules.Apply(s, new DisputeMove.Step(WitnessOracle.Of(s.FineLeaf)), DisputeRole.Executor, T0 + 100, Oracle);
        Assert.Equal(DisputeOutcome.ExecutorWins, right.Outcome);
        Assert.Equal("WrongPhase", ErrorOf(() => DisputeRules.Apply(right, new DisputeMove.Step(WitnessOracle.Of(s.FineLeaf)), DisputeRole.Bystander, T0 + 101, Oracle)));
        Assert.Equal("DeadlinePassed", ErrorOf(() => DisputeRules.Apply(s, new DisputeMove.Step(WitnessOracle.Of(s.FineLeaf)), DisputeRole.Bystander, s.Deadline, Oracle)));
        var (early, _, _) = Start();
        Assert.Equal("WrongPhase", ErrorOf(() => DisputeRules.Apply(early, new DisputeMove.Step(WitnessOracle.Of(s.FineLeaf)), DisputeRole.Bystander, T0 + 1, Oracle)));
    }

    [Fact]
    public void Timeout_Rules()
    {
        var (s, executor, _) = Start();
        var timeout = new DisputeMove.Timeout();
        Assert.Equal("DeadlineNotReached", ErrorOf(() => DisputeRules.Apply(s, timeout, DisputeRole.Bystander, s.Deadline - 1, Oracle)));
        var executorLate = DisputeRules.Apply(s, timeout, DisputeRole.Bystander, s.Deadline, Oracle);
        Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.Timeout), (executorLate.Outcome, executorLate.Reason));
        var responding = DisputeRules.Apply(s, new DisputeMove.Bisect(executor.CoarseRoot(7)), DisputeRole.Executor, T0 + 1, Oracle);
        var challengerLate = DisputeRules.Apply(responding, timeout, DisputeRole.Executor, responding.Deadline + 99, Oracle);
        Assert.Equal(DisputeOutcome.ExecutorWins, challengerLate.Outcome);
        Assert.Equal(DisputeOutcome.ExecutorWins, DisputeRules.Apply(s with { Phase = DisputePhase.OneStep }, timeout, DisputeRole.Bystander, s.Deadline, Oracle).Outcome);
        Assert.Equal("WrongPhase", ErrorOf(() => DisputeRules.Apply(executorLate, timeout, DisputeRole.Bystander, s.Deadline + 5, Oracle)));
        Assert.Equal("UnknownGame", ErrorOf(() => DisputeRules.Apply(s with { Phase = DisputePhase.None }, timeout, DisputeRole.Bystander, s.Deadline, Oracle)));
    }

    [Fact]
    public void ProveTraceLength_DifferentLength_ChallengerWinsInAnyLivePhase_SameLength_Throws()
    {
        var (s, _, _) = Start(Fault.LongTrace);
        foreach (var phase in Enum.GetValues<DisputePhase>().Where(p => DisputeRules.Turn(p) is not null))
        {
            var r = DisputeRules.Apply(s with { Phase = phase }, new DisputeMove.ProveTraceLength(WitnessOracle.Of(World.ExpectedLength)), DisputeRole.Bystander, T0 + 1, Oracle);
            Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.TraceLength), (r.Outcome, r.Reason));
        }

        Assert.Equal("TraceLengthCorrect", ErrorOf(() => DisputeRules.Apply(s, new DisputeMove.ProveTraceLength(WitnessOracle.Of(World.ExpectedLength + 1)), DisputeRole.Bystander, T0 + 1, Oracle)));
        Assert.Equal("DeadlinePassed", ErrorOf(() => DisputeRules.Apply(s, new DisputeMove.ProveTraceLength(WitnessOracle.Of(World.ExpectedLength)), DisputeRole.Bystander, s.Deadline, Oracle)));
    }

    [Fact]
    public void ProveOutputAfterEos_EosBeforeTheLastToken_ChallengerWins_OtherwiseThrows()
    {
        var (s, executor, challenger) = Start(Fault.None);
        var output = challenger.OutputTokens;
        var eos = output[0];
        var witnesses = World.Witnesses with { EosToken = eos, Eos = _ => WitnessOracle.Of(eos) };

        // An honest trace throughout: only the padding after EOS is wrong, and the solver proves it first.
        var moves = DisputeSolver.Solve(s, DisputeRole.Challenger, challenger, T0 + 1, witnesses);
        var proof = Assert.IsType<DisputeMove.ProveOutputAfterEos>(moves[0]);
        foreach (var phase in Enum.GetValues<DisputePhase>().Where(p => DisputeRules.Turn(p) is not null))
        {
            var won = DisputeRules.Apply(s with { Phase = phase }, proof, DisputeRole.Bystander, T0 + 1, Oracle);
            Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.OutputAfterEos), (won.Outcome, won.Reason));
            Assert.Equal(DisputeEvent.OutputAfterEosProved, DisputeLifecycle.EventOf(s, proof, won));
        }

        string Error(DisputeMove.ProveOutputAfterEos p) => ErrorOf(() => DisputeRules.Apply(s, p, DisputeRole.Bystander, T0 + 1, Oracle));
        Assert.Equal("NoOutputAfterEos", Error(proof with { Witness = WitnessOracle.Of(output[^1] == 999 ? 998UL : 999UL) }));
        if (!output.Take(output.Count - 1).Contains(output[^1]))
        {
            Assert.Equal("NoOutputAfterEos", Error(proof with { Witness = WitnessOracle.Of(output[^1]) })); // EOS ending the output is honest
        }

        Assert.Equal("OutputMismatch", Error(proof with { OutputTokens = [.. output.Reverse()] }));
        Assert.Equal("DeadlinePassed", ErrorOf(() => DisputeRules.Apply(s, proof, DisputeRole.Bystander, s.Deadline, Oracle)));
        Assert.Empty(DisputeSolver.Solve(s, DisputeRole.Challenger, executor, T0 + 1, World.Witnesses with { EosToken = 999_999, Eos = _ => WitnessOracle.Of(999_999) })
            .OfType<DisputeMove.ProveOutputAfterEos>());
    }

    [Fact]
    public void ProveTokenMismatch_Rules()
    {
        var (s, executor, challenger) = Start(Fault.TamperedOutput);
        var proof = DisputeSolver.FindTokenMismatch(s, challenger);
        Assert.NotNull(proof);
        var won = DisputeRules.Apply(s, proof, DisputeRole.Bystander, T0 + 1, Oracle);
        Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.TokenMismatch), (won.Outcome, won.Reason));

        string Error(DisputeMove.ProveTokenMismatch p) => ErrorOf(() => DisputeRules.Apply(s, p, DisputeRole.Bystander, T0 + 1, Oracle));
        Assert.Equal("NoTokenMismatch", Error(proof with { Token = proof.OutputTokens[(int)(proof.Position - (s.PromptTokens - 1))] }));
        Assert.Equal("NoTokenMismatch", Error(proof with { TraceStep = 0 }));
        Assert.Equal("NoTokenMismatch", Error(proof with { Position = s.PromptTokens - 2 }));
        Assert.Equal("NoTokenMismatch", Error(proof with { Position = s.PromptTokens + s.OutputTokens }));
        Assert.Equal("NoTokenMismatch", Error(proof with { OutputTokens = World.Computed }));
        Assert.Equal("NoTokenMismatch", Error(proof with { Opening = executor.OpenCoarse(proof.LeafIndex - 1) }));
        Assert.Equal("NoTokenMismatch", Error(proof with { LeafIndex = proof.LeafIndex + 1 }));

        var (honest, _, honestChallenger) = Start(Fault.None);
        Assert.Null(DisputeSolver.FindTokenMismatch(honest, honestChallenger));
    }

    [Fact]
    public void Settlement_ExecutorLoses_StakeSplit_ExecutorWins_BondToOperator()
    {
        var (s, _, _) = Start();
        var stake = BigInteger.Pow(10, 18);
        Assert.Throws<ArgumentException>(() => DisputeSettlement.Of(s, stake));
        var lost = DisputeRules.Apply(s, new DisputeMove.Timeout(), DisputeRole.Bystander, s.Deadline, Oracle);
        var paid = DisputeSettlement.Of(lost, stake);
        Assert.Equal(stake * 4_000 / 10_000, paid.Reward);
        Assert.Equal(stake - paid.Reward, paid.Burned);
        Assert.Equal(s.Bond + paid.Reward, paid.ChallengerCredit);
        Assert.Equal(BigInteger.Zero, paid.OperatorCredit);
        Assert.Equal(BigInteger.Zero, DisputeSettlement.Of(lost, 0).Reward);
        Assert.Throws<ArgumentException>(() => DisputeSettlement.Of(lost, -1));
        var won = lost with { Outcome = DisputeOutcome.ExecutorWins };
        Assert.Equal(new DisputeSettlement(0, 0, 0, 0, s.Bond), DisputeSettlement.Of(won, stake));
    }

    [Fact]
    public void TraceAppend_MatchesTheAccumulator() =>
        Gens.Leaves(1, 70).Sample(leaves =>
        {
            var acc = new TraceAccumulator();
            foreach (var leaf in leaves)
            {
                var n = (ulong)acc.Count;
                var peaks = acc.PeaksAt(acc.Count);
                var root = acc.Root;
                acc.Append(leaf);
                Assert.Equal(acc.Peaks, TraceAppend.AppendLeaf(n, peaks, leaf));
                Assert.True(TraceAppend.Verify(root, n, peaks, leaf, acc.Root));
                Assert.False(TraceAppend.Verify(root, n, peaks, Keccak.Hash(leaf.ToArray()), acc.Root));
                Assert.False(TraceAppend.Verify(acc.Root, n, peaks, leaf, acc.Root));
            }
        }, iter: 50);

    [Fact]
    public void Lifecycle_OnlyResolvedIsTerminal_AndEveryLivePhaseCanResolve()
    {
        Assert.Equal([DisputePhase.Resolved], DisputeLifecycle.Table.TerminalStates());
        foreach (var phase in Enum.GetValues<DisputePhase>().Where(p => DisputeRules.Turn(p) is not null))
        {
            Assert.Equal(DisputePhase.Resolved, DisputeLifecycle.Table.Apply(phase, DisputeEvent.TimedOut));
        }
    }

    [Fact]
    public void Docs_DisputeLifecycleTable_MatchesTheCode()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "docs", "dispute.md")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var text = File.ReadAllText(Path.Combine(dir.FullName, "docs", "dispute.md")).ReplaceLineEndings("\n");
        const string Begin = "<!-- dispute-lifecycle:begin -->\n";
        var start = text.IndexOf(Begin, StringComparison.Ordinal) + Begin.Length;
        var end = text.IndexOf("<!-- dispute-lifecycle:end -->", StringComparison.Ordinal);
        Assert.True(start >= Begin.Length && end > start, "lifecycle markers not found in docs/dispute.md");
        Assert.Equal(DisputeLifecycle.Table.ToMarkdown(), text[start..end]);
    }
}
