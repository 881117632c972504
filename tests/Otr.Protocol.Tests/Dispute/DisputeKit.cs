using System.Numerics;
using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Protocol.Tests.Dispute;

/// <summary>How the executor's signed trace departs from the honest one.</summary>
public enum Fault
{
    /// <summary>The executor is honest.</summary>
    None,

    /// <summary>Coarse leaves from <see cref="DisputeWorld.Divergence"/> on are wrong (and fine leaves of those steps from the fine divergence on).</summary>
    WrongLeaves,

    /// <summary>The trace has one leaf too many.</summary>
    LongTrace,

    /// <summary>The trace is honest, but the receipt's output token at <see cref="DisputeWorld.Divergence"/> (mod g) was altered before signing.</summary>
    TamperedOutput,
}

/// <summary>
/// A request with an honest (teacher-forced) coarse trace laid out as docs/q8-exact.md says
/// (positions × (L+1) leaves, emit leaves after the last prompt position and each generated position but the
/// last) and honest fine traces per coarse step; dishonest traces diverge from it. Deterministic per seed.
/// </summary>
public sealed class DisputeWorld
{
    public const uint Layers = 2;

    private readonly int _seed;
    private readonly int _fineMax;

    public DisputeWorld(int seed, uint promptTokens, uint outputTokens, int fineMax, ulong divergence, ulong fineDivergence)
    {
        _seed = seed;
        _fineMax = fineMax;
        PromptTokens = promptTokens;
        Computed = [.. Enumerable.Range(0, (int)outputTokens).Select(i => (uint)((seed * 31) + (i * 7)) % 500)];
        HonestLeaves = BuildCoarse(Computed, out var emits);
        HonestEmits = emits;
        Divergence = divergence % (ulong)HonestLeaves.Count;
        FineDivergence = fineDivergence;
    }

    public uint PromptTokens { get; }

    /// <summary>The tokens the model computes (an honest receipt's output).</summary>
    public IReadOnlyList<uint> Computed { get; }

    public IReadOnlyList<Bytes32> HonestLeaves { get; }

    public IReadOnlyList<TraceEmit> HonestEmits { get; }

    public ulong Divergence { get; }

    public ulong FineDivergence { get; }

    public ulong ExpectedLength => (ulong)HonestLeaves.Count;

    public int FineLength(ulong k) => 1 + (int)(Hash(0, k, 0).Span[0] % (uint)_fineMax);

    /// <summary>Honest fine leaves of coarse step k (last = honest coarse leaf k).</summary>
    public IReadOnlyList<Bytes32> HonestFine(ulong k)
    {
        var m = FineLength(k);
        var leaves = Enumerable.Range(0, m - 1).Select(j => Hash(1, k, (ulong)j)).ToList();
        leaves.Add(HonestLeaves[(int)k]);
        return leaves;
    }

    /// <summary>The receipt's output tokens under <paramref name="fault"/>.</summary>
    public IReadOnlyList<uint> Output(Fault fault)
    {
        if (fault != Fault.TamperedOutput)
        {
            return Computed;
        }

        var output = Computed.ToArray();
        var j = (int)(Divergence % (ulong)output.Length);
        output[j] = (output[j] + 1) % 500;
        return output;
    }

    /// <summary>The trace the executor signs under <paramref name="fault"/>.</summary>
    public DisputeTrace Executor(Fault fault) => fault switch
    {
        Fault.WrongLeaves => Corrupt(2),
        Fault.LongTrace => new DisputeTrace([.. HonestLeaves, Hash(9, 0, 0)], HonestEmits, Output(fault), k => k < ExpectedLength ? HonestFine(k) : [Hash(9, 0, 0)]),
        _ => new DisputeTrace(HonestLeaves, HonestEmits, Output(fault), HonestFine),
    };

    /// <summary>An honest challenger's trace (teacher-forced on the receipt's output).</summary>
    public DisputeTrace HonestChallenger(Fault fault) => new(HonestLeaves, HonestEmits, Output(fault), HonestFine);

    /// <summary>A dishonest challenger's trace: wrong from the divergence on.</summary>
    public DisputeTrace DishonestChallenger() => Corrupt(3);

    /// <summary>Witnesses giving the honest answers through <see cref="WitnessOracle"/>.</summary>
    public DisputeWitnesses Witnesses => new(
        ctx => WitnessOracle.Of(HonestFine(ctx.CoarseIndex)[(int)ctx.FineIndex]),
        ctx => WitnessOracle.Of((ulong)FineLength(ctx.CoarseIndex)),
        _ => WitnessOracle.Of(ExpectedLength));

    public Receipt Receipt(DisputeTrace executor, Fault fault) => new(
        Hash(4, 0, 0), Keccak.HashUtf8("otr-demo-q8"), Keccak.HashUtf8("prompt"), Keccak.HashUtf8("params"),
        DisputeRules.HashTokens(Output(fault)), executor.CoarseRoot(executor.CoarseLength), executor.CoarseLength,
        "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", 7, 1_767_225_600);

    public DisputeOpening Opening(Receipt receipt, Fault fault) => new(
        receipt, "0xc4a11e9", "0x0e7a70", Hash(5, 0, 0), PromptTokens, Hash(6, 0, 0), (uint)Computed.Count, (uint)Computed.Count,
        Hash(7, 0, 0), BigInteger.Pow(10, 17), 3_600, 4_000);

    private DisputeTrace Corrupt(int tag)
    {
        var d = (int)Divergence;
        var leaves = HonestLeaves.Select((l, i) => i < d ? l : Hash(tag, (ulong)i, 0)).ToList();
        IReadOnlyList<Bytes32> Fine(ulong k)
        {
            var honest = HonestFine(k);
            if (k < Divergence)
            {
                return honest;
            }

            var fd = (int)(FineDivergence % (ulong)honest.Count);
            var fine = honest.Select((l, j) => j < fd ? l : Hash(tag + 10, k, (ulong)j)).ToList();
            fine[^1] = leaves[(int)k];
            return fine;
        }

        return new DisputeTrace(leaves, HonestEmits.Where(e => e.LeafIndex < Divergence).ToList(), Computed, Fine);
    }

    private List<Bytes32> BuildCoarse(IReadOnlyList<uint> computed, out List<TraceEmit> emits) =>
        SyntheticCoarseTrace.Build(PromptTokens, Layers, computed, (t, l) => Hash(8, t, l), out emits);

    private Bytes32 Hash(int tag, ulong a, ulong b) => Keccak.HashUtf8($"{_seed}/{tag}/{a}/{b}");
}

/// <summary>One move of a played game, with the states around it.</summary>
public sealed record PlayedMove(DisputeRole By, DisputeMove Move, ulong At, DisputeGameState Before, DisputeGameState After);

/// <summary>
/// Plays a game in memory: at each point both parties' solvers are asked; whoever has a move plays it (the
/// rules must accept it), time advances; a party told to go silent stops after that many moves of its own and
/// the other claims the timeout.
/// </summary>
public static class DisputePlayer
{
    public static (DisputeGameState Final, IReadOnlyList<PlayedMove> Moves) Play(
        DisputeWorld world, DisputeOpening opening, IDisputeTrace executor, IDisputeTrace challenger,
        int executorSilentAfter = int.MaxValue, int challengerSilentAfter = int.MaxValue, ulong start = 1_800_000_000)
    {
        var now = start;
        var state = DisputeRules.Open(opening, now);
        var moves = new List<PlayedMove>();
        var played = new Dictionary<DisputeRole, int> { [DisputeRole.Executor] = 0, [DisputeRole.Challenger] = 0 };
        for (var guard = 0; state.Phase != DisputePhase.Resolved; guard++)
        {
            Assert.True(guard < 1_000, "game did not end");
            now += 7;
            var acted = false;
            foreach (var role in new[] { DisputeRole.Challenger, DisputeRole.Executor })
            {
                var silent = played[role] >= (role == DisputeRole.Executor ? executorSilentAfter : challengerSilentAfter);
                var ours = role == DisputeRole.Executor ? executor : challenger;
                var options = DisputeSolver.Solve(state, role, ours, now, world.Witnesses);
                foreach (var option in options)
                {
                    // Every solver output is legal for that party at that time.
                    DisputeRules.Apply(state, option, role, now, WitnessOracle.Instance);
                }

                if (silent || options.Count == 0)
                {
                    continue;
                }

                var after = DisputeRules.Apply(state, options[0], role, now, WitnessOracle.Instance);
                moves.Add(new PlayedMove(role, options[0], now, state, after));
                played[role]++;
                state = after;
                acted = true;
                break;
            }

            if (!acted)
            {
                now = Math.Max(now, state.Deadline - 1);
            }
        }

        return (state, moves);
    }
}
