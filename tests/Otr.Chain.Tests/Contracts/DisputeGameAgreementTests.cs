using System.Collections.Concurrent;
using System.Numerics;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Otr.Chain.Contracts;
using Otr.Chain.Tests.Support;
using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Chain.Tests.Contracts;

/// <summary>
/// C# ↔ Solidity agreement: full games through DisputeGame on Anvil with the C# solver choosing every move for
/// both sides; after every move the contract's game state must equal what the C# rules predicted from the move
/// and the block's timestamp, and so must the outcome, the payouts and the receipt's L1 status. Prints the gas
/// of each move kind.
/// </summary>
public sealed class DisputeGameAgreementTests(DisputeChainFixture chain) : IClassFixture<DisputeChainFixture>
{
    private const int Challenger = 4;
    private const int Operator = 2;
    private const int Bystander = 5;
    private static readonly ConcurrentDictionary<string, List<long>> Gas = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Outcome(DisputeGameState Final, IReadOnlyList<DisputeMoveKind> Moves, Bytes32 Digest, IReadOnlyList<Bytes32> Proof, ulong BatchIndex);

    [Fact]
    public async Task WrongExecutor_ChallengerWinsByStep_SlashedAndInvalidated()
    {
        var (challengerBefore, operatorBefore) = await CreditsAsync();
        var result = await PlayAsync(seed: 1, DisputeFault.WrongLeaves, executorHonest: false, divergence: 7, fineDivergence: 1);

        Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.Step), (result.Final.Outcome, result.Final.Reason));
        Assert.Equal(7UL, result.Final.CoarseIndex);
        var settlement = DisputeSettlement.Of(result.Final, OtrChainFixture.MinStake);
        var (challengerAfter, operatorAfter) = await CreditsAsync();
        Assert.Equal(settlement.ChallengerCredit, challengerAfter - challengerBefore);
        Assert.Equal(settlement.OperatorCredit, operatorAfter - operatorBefore);
        Assert.True(await chain.Rollup.IsInvalidatedAsync(result.Digest));
        Assert.Equal(L1ReceiptStatus.Invalidated, await chain.Rollup.GetReceiptStatusAsync(result.BatchIndex, result.Digest, 0, result.Proof));
        var executor = await chain.Executors.GetRegistrationAsync(result.Final.Executor);
        Assert.Equal(BigInteger.Zero, executor!.Stake);
    }

    [Fact]
    public async Task HonestExecutor_ExecutorWinsByStep_BondToOperator_ReceiptFinal()
    {
        var (challengerBefore, operatorBefore) = await CreditsAsync();
        var result = await PlayAsync(seed: 2, DisputeFault.None, executorHonest: true, divergence: 3, fineDivergence: 0);

        Assert.Equal((DisputeOutcome.ExecutorWins, DisputeReason.Step), (result.Final.Outcome, result.Final.Reason));
        var (challengerAfter, operatorAfter) = await CreditsAsync();
        Assert.Equal(BigInteger.Zero, challengerAfter - challengerBefore);
        Assert.Equal(OtrChainFixture.Bond, operatorAfter - operatorBefore);
        Assert.Equal(L1ReceiptStatus.Final, await chain.Rollup.GetReceiptStatusAsync(result.BatchIndex, result.Digest, 0, result.Proof));
    }

    [Fact]
    public async Task SilentExecutor_ChallengerWinsByTimeout()
    {
        var result = await PlayAsync(seed: 3, DisputeFault.WrongLeaves, executorHonest: false, divergence: 11, fineDivergence: 2, executorSilentAfter: 2);
        Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.Timeout), (result.Final.Outcome, result.Final.Reason));
        Assert.Equal(DisputeMoveKind.Timeout, result.Moves[^1]);
    }

    [Fact]
    public async Task SilentChallenger_ExecutorWinsByTimeout()
    {
        var result = await PlayAsync(seed: 4, DisputeFault.WrongLeaves, executorHonest: false, divergence: 5, fineDivergence: 0, challengerSilentAfter: 3);
        Assert.Equal((DisputeOutcome.ExecutorWins, DisputeReason.Timeout), (result.Final.Outcome, result.Final.Reason));
    }

    [Fact]
    public async Task LongTrace_ChallengerProvesTraceLength()
    {
        var result = await PlayAsync(seed: 5, DisputeFault.LongTrace, executorHonest: false, divergence: 0, fineDivergence: 0);
        Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.TraceLength), (result.Final.Outcome, result.Final.Reason));
        Assert.Equal([DisputeMoveKind.ProveTraceLength], result.Moves);
    }

    [Fact]
    public async Task TamperedOutput_ChallengerProvesTokenMismatch()
    {
        var result = await PlayAsync(seed: 6, DisputeFault.TamperedOutput, executorHonest: false, divergence: 0, fineDivergence: 0);
        Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.TokenMismatch), (result.Final.Outcome, result.Final.Reason));
        Assert.Equal([DisputeMoveKind.ProveTokenMismatch], result.Moves);
    }

    [Fact]
    public async Task OutputPaddedAfterEos_ChallengerProvesIt_EvenWithAnHonestTrace()
    {
        // The scenario's output is [5 + seed, 9, 2]: with EOS = 9 the output goes on after EOS.
        var result = await PlayAsync(seed: 7, DisputeFault.None, executorHonest: false, divergence: 0, fineDivergence: 0, eos: 9);
        Assert.Equal((DisputeOutcome.ChallengerWins, DisputeReason.OutputAfterEos), (result.Final.Outcome, result.Final.Reason));
        Assert.Equal([DisputeMoveKind.ProveOutputAfterEos], result.Moves);
        Assert.True(await chain.Rollup.IsInvalidatedAsync(result.Digest));
    }

    private async Task<(BigInteger Challenger, BigInteger Operator)> CreditsAsync()
    {
        var game = chain.GameAs(Bystander);
        return (await game.GetCreditAsync(chain.Node.DevAddresses[Challenger]), await game.GetCreditAsync(chain.OperatorAddress));
    }

    private async Task<Outcome> PlayAsync(int seed, DisputeFault fault, bool executorHonest, ulong divergence, ulong fineDivergence,
        int executorSilentAfter = int.MaxValue, int challengerSilentAfter = int.MaxValue, uint? eos = null)
    {
        var scenario = new DisputeScenario(seed, divergence, fineDivergence);
        var witnesses = eos is { } e ? scenario.Witnesses with { EosToken = e, Eos = _ => DisputeScenario.Witness((ulong)e) } : scenario.Witnesses;
        var effective = executorHonest ? DisputeFault.None : fault;
        var executorTrace = scenario.Executor(effective);
        var challengerTrace = executorHonest ? scenario.DishonestChallenger() : scenario.HonestChallenger(effective);
        var output = scenario.Output(effective);

        var key = await chain.RegisterEnclaveAsync($"dispute {seed}");
        var receipt = new Receipt(
            Keccak.HashUtf8($"request {seed}"), OtrChainFixture.ModelId, ReceiptFields.PromptHash(DisputeScenario.Prompt),
            ReceiptFields.ParamsHash(DisputeScenario.Parameters), DisputeRules.HashTokens(output),
            executorTrace.CoarseRoot(executorTrace.CoarseLength), executorTrace.CoarseLength, ReceiptSigner.AddressOf(key), (ulong)seed, 1_767_225_600);
        var digest = ReceiptHasher.Digest(receipt, chain.Domain);
        Bytes32[] leaves = [TreeHash.Leaf(digest.Span), TreeHash.Leaf(Keccak.HashUtf8($"other {seed}").Span)];
        var batchIndex = await chain.Rollup.GetNextBatchIndexAsync();
        await chain.Rollup.SubmitBatchAsync(batchIndex, MerkleTree.Root(leaves), 2, default, Ct);
        var proof = MerkleTree.Proof(leaves, 0);

        var games = new Dictionary<DisputeRole, DisputeGameService>
        {
            [DisputeRole.Challenger] = chain.GameAs(Challenger),
            [DisputeRole.Executor] = chain.GameAs(Operator),
            [DisputeRole.Bystander] = chain.GameAs(Bystander),
        };
        var traces = new Dictionary<DisputeRole, IDisputeTrace> { [DisputeRole.Challenger] = challengerTrace, [DisputeRole.Executor] = executorTrace };
        var challengerRoot = Keccak.HashUtf8($"challenger's free-running root {seed}");
        var bond = await games[DisputeRole.Challenger].GetBondAsync();
        var (opened, openTx) = await games[DisputeRole.Challenger].OpenAsync(new DisputeOpenRequest(
            receipt, ReceiptSigner.Sign(digest, key), batchIndex, 0, proof, DisputeScenario.Prompt, output, DisputeScenario.Parameters, challengerRoot), bond, Ct);
        Assert.Equal(digest, opened);
        Record("open", openTx);
        var openedEvent = openTx.DecodeAllEvents<DisputeGameMessages.DisputeOpenedEvent>().Single().Event;
        Assert.Equal((DisputeScenario.PromptTokens, scenario.TokensHash(effective), (uint)output.Count, challengerRoot),
            (openedEvent.PromptTokens, new Bytes32(openedEvent.TokensHash), openedEvent.OutputTokens, new Bytes32(openedEvent.ChallengerRoot)));

        var predicted = DisputeRules.Open(new DisputeOpening(
            receipt, chain.Node.DevAddresses[Challenger], chain.OperatorAddress, challengerRoot, DisputeScenario.PromptTokens,
            scenario.TokensHash(effective), (uint)output.Count, DisputeScenario.Parameters.MaxTokens, OtrChainFixture.WeightsRoot, bond,
            (ulong)OtrChainFixture.MoveTimeout.TotalSeconds, OtrChainFixture.RewardBps), await TimestampAsync(openTx));
        await AssertAgreesAsync(predicted, digest);
        Assert.Equal(L1ReceiptStatus.Disputed, await chain.Rollup.GetReceiptStatusAsync(batchIndex, digest, 0, proof));

        var played = new Dictionary<DisputeRole, int> { [DisputeRole.Challenger] = 0, [DisputeRole.Executor] = 0 };
        var kinds = new List<DisputeMoveKind>();
        var lateMoveChecked = false;
        for (var guard = 0; predicted.Phase != DisputePhase.Resolved; guard++)
        {
            Assert.True(guard < 200, "game did not end");
            var now = await LatestTimestampAsync() + 1;
            var acted = false;
            foreach (var role in new[] { DisputeRole.Challenger, DisputeRole.Executor })
            {
                var silentAfter = role == DisputeRole.Executor ? executorSilentAfter : challengerSilentAfter;
                var moves = DisputeSolver.Solve(predicted, role, traces[role], now, witnesses);
                if (moves.Count == 0)
                    continue;

                if (played[role] >= silentAfter)
                {
                    continue;
                }

                var move = moves[0];
                var kind = Describe(predicted, move);
                var tx = await games[role].SendAsync(digest, move, Ct);
                Record(kind, tx);
                var before = predicted;
                predicted = DisputeRules.Apply(predicted, move, role, await TimestampAsync(tx), WitnessOracle.Instance);
                await AssertAgreesAsync(predicted, digest);
                AssertEventCarriesTheChange(before, predicted, tx);
                kinds.Add(move.Kind);
                played[role]++;
                acted = true;
                break;
            }

            if (!acted)
            {
                // The party at turn is silent: let its deadline pass. Its late move must revert on both sides alike.
                var late = predicted.Deadline - await LatestTimestampAsync();
                await chain.Node.IncreaseTimeAsync(late, Ct);
                await chain.Node.MineAsync(1, Ct);
                if (!lateMoveChecked)
                {
                    await AssertLateMoveRevertsAsync(predicted, digest, traces, games, scenario);
                    lateMoveChecked = true;
                }
            }
        }

        var final = (await games[DisputeRole.Bystander].GetGameAsync(digest))!;
        Assert.Equal(DisputePhase.Resolved, final.Phase);
        Print(seed);
        return new Outcome(final, kinds, digest, proof, batchIndex);
    }

    private async Task AssertLateMoveRevertsAsync(DisputeGameState state, Bytes32 digest, Dictionary<DisputeRole, IDisputeTrace> traces,
        Dictionary<DisputeRole, DisputeGameService> games, DisputeScenario scenario)
    {
        var role = state.Turn!.Value;
        var onTime = DisputeSolver.Solve(state with { Deadline = ulong.MaxValue }, role, traces[role], 0, scenario.Witnesses);
        if (onTime.Count == 0)
            return;
        var now = await LatestTimestampAsync() + 1;
        var rule = Assert.Throws<DisputeRuleException>(() => DisputeRules.Apply(state, onTime[0], role, now, WitnessOracle.Instance));
        var revert = await Assert.ThrowsAsync<ContractRevertException>(() => games[role].SendAsync(digest, onTime[0], Ct));
        Assert.Equal("DeadlinePassed", rule.ErrorName);
        Assert.Equal(rule.ErrorName, revert.ErrorName);
    }

    /// <summary>Each move's event carries what changed, so a game can be rebuilt from logs.</summary>
    private static void AssertEventCarriesTheChange(DisputeGameState before, DisputeGameState after, TransactionReceipt tx)
    {
        if (after.Phase == DisputePhase.Resolved)
        {
            var resolved = tx.DecodeAllEvents<DisputeGameMessages.DisputeResolvedEvent>().Single().Event;
            Assert.Equal(((byte)after.Outcome, (byte)after.Reason), (resolved.Outcome, resolved.Reason));
            return;
        }

        switch (before.Phase)
        {
            case DisputePhase.CoarseBisect or DisputePhase.FineBisect:
                var b = tx.DecodeAllEvents<DisputeGameMessages.BisectedEvent>().Single().Event;
                Assert.Equal(((byte)after.Phase, before.Mid, after.MidRoot, after.Deadline), (b.Phase, b.Index, new Bytes32(b.Root), b.Deadline));
                break;
            case DisputePhase.CoarseRespond or DisputePhase.FineRespond:
                var r = tx.DecodeAllEvents<DisputeGameMessages.RespondedEvent>().Single().Event;
                Assert.Equal(((byte)after.Phase, after.Lo, after.Hi, after.Deadline), (r.Phase, r.Lo, r.Hi, r.Deadline));
                Assert.Equal(r.Agree ? before.MidRoot : before.LoRoot, after.LoRoot);
                break;
            case DisputePhase.CoarseLeaf or DisputePhase.FineLeaf:
                var l = tx.DecodeAllEvents<DisputeGameMessages.LeafRevealedEvent>().Single().Event;
                var leaf = before.Phase == DisputePhase.CoarseLeaf ? after.CoarseLeaf : after.FineLeaf;
                Assert.Equal(((byte)before.Phase, before.Lo, leaf, after.Deadline), (l.Phase, l.Index, new Bytes32(l.Leaf), l.Deadline));
                break;
            case DisputePhase.FineCommit:
                var f = tx.DecodeAllEvents<DisputeGameMessages.FineCommittedEvent>().Single().Event;
                Assert.Equal((after.FineLength, after.FineRoot, after.Deadline), (f.FineLength, new Bytes32(f.FineRoot), f.Deadline));
                break;
        }
    }

    private async Task AssertAgreesAsync(DisputeGameState predicted, Bytes32 digest)
    {
        var onChain = await chain.GameAs(Bystander).GetGameAsync(digest);
        Assert.NotNull(onChain);
        Assert.Equal(Normalize(predicted), Normalize(onChain));
    }

    private static DisputeGameState Normalize(DisputeGameState s) => s with
    {
        Challenger = s.Challenger.ToLowerInvariant(),
        Operator = s.Operator.ToLowerInvariant(),
        Executor = s.Executor.ToLowerInvariant(),
    };

    private static string Describe(DisputeGameState before, DisputeMove move) => move.Kind switch
    {
        DisputeMoveKind.Bisect or DisputeMoveKind.Respond or DisputeMoveKind.RevealLeaf =>
            $"{(before.Phase is DisputePhase.FineBisect or DisputePhase.FineRespond or DisputePhase.FineLeaf ? "fine" : "coarse")} {move.Kind}",
        _ => move.Kind.ToString(),
    };

    private static void Record(string kind, TransactionReceipt tx) => Gas.GetOrAdd(kind, _ => []).Add((long)tx.GasUsed.Value);

    private static void Print(int seed)
    {
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"gas per move kind after game {seed} (min / max over all games so far):");
        foreach (var (kind, used) in Gas.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output?.WriteLine($"  {kind,-22} {used.Min(),8} / {used.Max(),8}  ({used.Count} calls)");
        }
    }

    private async Task<ulong> TimestampAsync(TransactionReceipt tx)
    {
        var block = await chain.OwnerWeb3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(tx.BlockNumber);
        return (ulong)block.Timestamp.Value;
    }

    private async Task<ulong> LatestTimestampAsync()
    {
        var block = await chain.OwnerWeb3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        return (ulong)block.Timestamp.Value;
    }
}
