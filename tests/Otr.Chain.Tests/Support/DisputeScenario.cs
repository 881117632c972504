using System.Buffers.Binary;
using System.Text;
using Otr.Protocol;
using Otr.Protocol.Dispute;
using Otr.Protocol.Tests.Dispute;

namespace Otr.Chain.Tests.Support;

/// <summary>How the executor's signed trace departs from the honest one.</summary>
public enum DisputeFault
{
    None,
    WrongLeaves,
    LongTrace,
    TamperedOutput,
}

/// <summary>
/// A request ("Hey", one token per byte as the test verifier double tokenizes it) with an honest coarse trace
/// in the docs/q8-exact.md layout (2 layers), honest fine traces per step, and faulty variants, for playing
/// games on Anvil. The honest answers reach the contract through witnesses (<see cref="Witness"/>).
/// </summary>
public sealed class DisputeScenario
{
    public const string Prompt = "Hey";
    public const uint Layers = 2;
    public static readonly DecodingParams Parameters = new(16, 0, 42);

    private readonly int _seed;

    public DisputeScenario(int seed, ulong divergence, ulong fineDivergence)
    {
        _seed = seed;
        Computed = [(uint)(5 + seed), 9, 2];
        HonestLeaves = BuildCoarse(out var emits);
        HonestEmits = emits;
        Divergence = divergence % (ulong)HonestLeaves.Count;
        FineDivergence = fineDivergence;
    }

    public static uint PromptTokens => (uint)Encoding.UTF8.GetByteCount(Prompt);

    public IReadOnlyList<uint> Computed { get; }

    public IReadOnlyList<Bytes32> HonestLeaves { get; }

    public IReadOnlyList<TraceEmit> HonestEmits { get; }

    public ulong Divergence { get; }

    public ulong FineDivergence { get; }

    public int FineLength(ulong k) => 1 + (Hash(0, k, 0).Span[0] % 6);

    public IReadOnlyList<Bytes32> HonestFine(ulong k) =>
        [.. Enumerable.Range(0, FineLength(k) - 1).Select(j => Hash(1, k, (ulong)j)), HonestLeaves[(int)k]];

    public IReadOnlyList<uint> Output(DisputeFault fault)
    {
        if (fault != DisputeFault.TamperedOutput)
            return Computed;
        var output = Computed.ToArray();
        output[1] += 1;
        return output;
    }

    public DisputeTrace Executor(DisputeFault fault) => fault switch
    {
        DisputeFault.WrongLeaves => Corrupt(2),
        DisputeFault.LongTrace => new DisputeTrace([.. HonestLeaves, Hash(9, 0, 0)], HonestEmits, Output(fault),
            k => k < (ulong)HonestLeaves.Count ? HonestFine(k) : [Hash(9, 0, 0)]),
        _ => new DisputeTrace(HonestLeaves, HonestEmits, Output(fault), HonestFine),
    };

    public DisputeTrace HonestChallenger(DisputeFault fault) => new(HonestLeaves, HonestEmits, Output(fault), HonestFine);

    public DisputeTrace DishonestChallenger() => Corrupt(3);

    public DisputeWitnesses Witnesses => new(
        ctx => Witness(HonestFine(ctx.CoarseIndex)[(int)ctx.FineIndex]),
        ctx => Witness((ulong)FineLength(ctx.CoarseIndex)),
        _ => Witness((ulong)HonestLeaves.Count));

    /// <summary>keccak of the processed tokens as the verifier double computes it: prompt bytes then outputs, each uint32.</summary>
    public Bytes32 TokensHash(DisputeFault fault) =>
        DisputeRules.HashTokens([.. Encoding.UTF8.GetBytes(Prompt).Select(b => (uint)b), .. Output(fault)]);

    public static byte[] Witness(ulong value)
    {
        var word = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(word.AsSpan(24), value);
        return word;
    }

    public static byte[] Witness(Bytes32 value) => value.ToArray();

    private DisputeTrace Corrupt(int tag)
    {
        var d = (int)Divergence;
        var leaves = HonestLeaves.Select((l, i) => i < d ? l : Hash(tag, (ulong)i, 0)).ToList();
        IReadOnlyList<Bytes32> Fine(ulong k)
        {
            var honest = HonestFine(k);
            if (k < Divergence)
                return honest;
            var fd = (int)(FineDivergence % (ulong)honest.Count);
            var fine = honest.Select((l, j) => j < fd ? l : Hash(tag + 10, k, (ulong)j)).ToList();
            fine[^1] = leaves[(int)k];
            return fine;
        }

        return new DisputeTrace(leaves, [.. HonestEmits.Where(e => e.LeafIndex < Divergence)], Computed, Fine);
    }

    private List<Bytes32> BuildCoarse(out List<TraceEmit> emits) =>
        SyntheticCoarseTrace.Build(PromptTokens, Layers, Computed, (t, l) => Hash(8, t, l), out emits);

    private Bytes32 Hash(int tag, ulong a, ulong b) => Keccak.HashUtf8($"chain {_seed}/{tag}/{a}/{b}");
}

/// <summary>The C# side of the verifier double: every answer is the abi-decoded witness.</summary>
public sealed class WitnessOracle : IOneStepOracle
{
    public static readonly WitnessOracle Instance = new();

    public ulong ExpectedTraceLength(Bytes32 weightsRoot, uint promptTokens, uint outputTokens, ReadOnlySpan<byte> witness) => UInt64(witness);

    public ulong FineLength(DisputeStepContext context, ReadOnlySpan<byte> witness) => UInt64(witness);

    public uint EosToken(Bytes32 weightsRoot, ReadOnlySpan<byte> witness) => checked((uint)UInt64(witness));

    public Bytes32 FineLeaf(DisputeStepContext context, ReadOnlySpan<byte> witness) =>
        witness.Length == 32 ? new Bytes32(witness) : throw new ArgumentException("witness must be 32 bytes");

    private static ulong UInt64(ReadOnlySpan<byte> witness) =>
        witness.Length == 32 && !witness[..24].ContainsAnyExcept((byte)0)
            ? BinaryPrimitives.ReadUInt64BigEndian(witness[24..])
            : throw new ArgumentException("witness must be one abi-encoded uint64 word");
}
