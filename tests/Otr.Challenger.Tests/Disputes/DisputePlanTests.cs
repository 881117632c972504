using Otr.Inference;
using Otr.Inference.Fine;
using Otr.Protocol;

namespace Otr.Challenger.Tests.Disputes;

/// <summary>When the challenger opens a game, and with which root, from real replays of the demo model.</summary>
public sealed class DisputePlanTests
{
    private static readonly Q8Model Model = DemoModelFactory.Create(1);
    private static readonly DecodingParams Params = new(8, 0, 0);
    private const string Prompt = "plan a dispute";

    private static (int[] Output, Q8DisputeTrace Trace) Honest()
    {
        var engine = new ReferenceInterpreter(Model);
        var output = engine.Generate(ByteTokenizer.EncodePrompt(Prompt), Params).Tokens.ToArray();
        return (output, Q8DisputeTrace.Replay(engine, Prompt, output, Params));
    }

    private static Receipt ReceiptOver(Bytes32 root, ulong length, IReadOnlyList<int> output) => new(
        Keccak.HashUtf8("r"), Model.ModelId, ReceiptFields.PromptHash(Prompt), ReceiptFields.ParamsHash(Params), ReceiptFields.OutputHash(output),
        root, length, "0x0000000000000000000000000000000000000001", 1, 1);

    [Fact]
    public void HonestReceipt_NothingToProve()
    {
        var (output, trace) = Honest();
        var (root, why) = DisputePlan.ChallengerRoot(ReceiptOver(trace.Root, trace.CoarseLength, output), trace, trace.Root);
        Assert.Null(root);
        Assert.Contains("nothing to prove", why);
    }

    [Fact]
    public void SignedTraceDiffers_OpensWithOurTeacherForcedRoot()
    {
        var (output, trace) = Honest();
        var (root, why) = DisputePlan.ChallengerRoot(ReceiptOver(Keccak.HashUtf8("other trace"), trace.CoarseLength, output), trace, Keccak.HashUtf8("free"));
        Assert.Equal(trace.Root, root);
        Assert.Contains("differs from the signed trace", why);
    }

    [Fact]
    public void LastTokenAlteredBeforeSigning_OpensWithAnOutputClaimThatDiffersFromTheSignedRoot()
    {
        var (output, honest) = Honest();
        var signed = output.ToArray();
        signed[^1] = signed[^1] == 'q' ? 'r' : 'q';
        var replay = Q8DisputeTrace.Replay(new ReferenceInterpreter(Model), Prompt, signed, Params);
        var receipt = ReceiptOver(honest.Root, honest.CoarseLength, signed);
        var (root, why) = DisputePlan.ChallengerRoot(receipt, replay, honest.Root);
        Assert.Contains("token mismatch", why);
        Assert.NotNull(root);
        Assert.NotEqual(receipt.TraceRoot, root!.Value);
        Assert.NotEqual(Bytes32.Zero, root.Value);
        Assert.Equal(DisputePlan.OutputClaim(honest.Root, replay.Emits), root.Value);

        // With a free-running root that differs (an earlier token altered), that root is used.
        var free = Keccak.HashUtf8("free-running");
        Assert.Equal(free, DisputePlan.ChallengerRoot(receipt, replay, free).Root);
    }
}

/// <summary>An output padded after EOS is disputed even when its trace is honest teacher forcing.</summary>
public sealed class DisputePlanEosTests
{
    [Fact]
    public void OutputContinuesAfterEos_Opens_EosEndingTheOutput_DoesNot()
    {
        const uint Eos = 2;
        var padded = new uint[] { 7, Eos, 9 };
        var trace = Synthetic(padded);
        var receipt = new Receipt(Keccak.HashUtf8("r"), Keccak.HashUtf8("m"), Keccak.HashUtf8("p"), Keccak.HashUtf8("q"),
            Otr.Protocol.Dispute.DisputeRules.HashTokens(padded), trace.CoarseRoot(trace.CoarseLength), trace.CoarseLength, "0x0000000000000000000000000000000000000001", 1, 1);
        var (root, why) = DisputePlan.ChallengerRoot(receipt, trace, receipt.TraceRoot, Eos);
        Assert.NotNull(root);
        Assert.NotEqual(receipt.TraceRoot, root!.Value);
        Assert.Contains("after EOS", why);
        Assert.Null(DisputePlan.ChallengerRoot(receipt, trace, receipt.TraceRoot).Root); // without the EOS id there is nothing to prove

        var ended = Synthetic([7, 9, Eos]);
        var honest = receipt with { TraceRoot = ended.CoarseRoot(ended.CoarseLength) };
        Assert.Null(DisputePlan.ChallengerRoot(honest, ended, honest.TraceRoot, Eos).Root);
    }

    /// <summary>A trace (prompt of 2 tokens, 1 layer) whose emit leaves hold exactly <paramref name="output"/>.</summary>
    private static Otr.Protocol.Dispute.DisputeTrace Synthetic(uint[] output)
    {
        var leaves = new List<Bytes32>();
        var emits = new List<Otr.Protocol.Dispute.TraceEmit>();
        for (uint t = 0; t < 2 + output.Length - 1; t++)
        {
            leaves.Add(Keccak.HashUtf8($"h{t}/0"));
            leaves.Add(Keccak.HashUtf8($"h{t}/1"));
            if (t >= 1)
            {
                var token = output[t - 1];
                emits.Add(new((ulong)leaves.Count, t, 2, token));
                leaves.Add(Otr.Protocol.Dispute.DisputeRules.EmitLeaf(t, 2, token));
            }
        }

        return new(leaves, emits, output, k => [leaves[(int)k]]);
    }
}

/// <summary>Dispute options are checked at start, each bad value named.</summary>
public sealed class DisputeOptionsTests
{
    [Theory]
    [InlineData("nope", "0x" + "11", "DisputeGame must be 0x")]
    [InlineData("0x5FbDB2315678afecb367f032d93F642f64180aa3", "0x12", "PrivateKey must be 0x followed by 64")]
    [InlineData("0x5FbDB2315678afecb367f032d93F642f64180aa3", null, "exactly one of PrivateKey and PrivateKeyFile")]
    public void BadDisputeOptions_AreNamed(string game, string? key, string expected)
    {
        var options = new ChallengerOptions { DemoSeed = 1 };
        options.L1.RpcUrl = "http://127.0.0.1:8545";
        options.L1.ModelRegistry = options.L1.ExecutorRegistry = options.L1.Rollup = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
        options.Dispute.DisputeGame = game;
        options.Dispute.PrivateKey = key;
        var result = new ChallengerOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(expected, StringComparison.Ordinal));
    }
}
