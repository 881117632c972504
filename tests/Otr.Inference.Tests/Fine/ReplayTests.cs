using CsCheck;
using Otr.Inference.Fine;
using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Inference.Tests.Fine;

/// <summary>
/// Teacher forcing (<see cref="IQ8Engine.Replay"/>) and the dispute trace built on it: replaying an honest output is
/// the generation itself, leaf for leaf, on both engines; replaying another output departs exactly where it does.
/// </summary>
public sealed class ReplayTests
{
    private static readonly DecodingParams Greedy = new(12, 0, 0);
    private static readonly DecodingParams Sampled = new(12, 900, 7);

    [Theory]
    [InlineData("reference")]
    [InlineData("onnx")]
    public void ReplayOfTheGeneratedOutput_IsTheGenerationLeafForLeaf(string engine)
    {
        var e = engine == "onnx" ? (IQ8Engine)Engines.DemoOnnx : new ReferenceInterpreter(Engines.Demo);
        foreach (var p in new[] { Greedy, Sampled })
        {
            var prompt = ByteTokenizer.EncodePrompt("replay me, please");
            var generated = new CollectingTraceSink();
            var result = e.Generate(prompt, p, generated);
            var replayed = new CollectingTraceSink();
            var replay = e.Replay(prompt, result.Tokens, p, replayed);
            Assert.Equal(result.Tokens, replay.Tokens);
            Assert.Equal(result.TraceLength, replay.TraceLength);
            Assert.Equal(generated.Leaves, replayed.Leaves);
        }
    }

    [Fact]
    public void ReplayOfAnotherOutput_AgreesUpToTheFirstForcedDifference_AndEmitsWhatTheModelComputes()
    {
        Gen.Int[0, 7].Select(Gen.Int[32, 126]).Sample((at, token) =>
        {
            var e = new ReferenceInterpreter(Engines.Demo);
            var prompt = ByteTokenizer.EncodePrompt("force");
            var honest = new CollectingTraceSink();
            var output = e.Generate(prompt, Greedy, honest).Tokens.ToArray();
            if (at >= output.Length - 1 || output[at] == token)
            {
                return;
            }

            var forced = output.ToArray();
            forced[at] = token;
            var sink = new CollectingTraceSink();
            var replay = e.Replay(prompt, forced, Greedy, sink);

            // Position n + at is the first to read the forced token: every leaf before its embedding is the honest one.
            var layout = new FineLayout(Engines.Demo.Config);
            var first = layout.CoarseIndex(prompt.Length, prompt.Length + at, 0);
            Assert.Equal(honest.Leaves.Take((int)first), sink.Leaves.Take((int)first));
            Assert.NotEqual(honest.Leaves[(int)first], sink.Leaves[(int)first]);
            Assert.Equal(forced.Length, replay.Tokens.Count);
            Assert.Equal(output.Take(at + 1), replay.Tokens.Take(at + 1));
            Assert.Equal(FineLayout.ExpectedTraceLength(Engines.Demo.Config.Layers, prompt.Length, forced.Length), sink.Leaves.Count);
        }, iter: 12);
    }

    [Fact]
    public void Replay_RefusesOutputsItCannotProcess()
    {
        var e = new ReferenceInterpreter(Engines.Small);
        var prompt = ByteTokenizer.EncodePrompt("x");
        Assert.Contains("at least one output token", Assert.Throws<ArgumentException>(() => e.Replay(prompt, [], Greedy)).Message);
        Assert.Contains("not in [0,", Assert.Throws<ArgumentException>(() => e.Replay(prompt, [1, 100_000], Greedy)).Message);
        var tooLong = Enumerable.Repeat(65, Engines.Small.Config.ContextLength).ToArray();
        Assert.Contains("the context holds", Assert.Throws<ArgumentException>(() => e.Replay(prompt, tooLong, Greedy)).Message);
    }

    [Fact]
    public void DisputeTrace_OfAnHonestRequest_IsTheSignedTrace_WithFineTracesEndingInTheirCoarseLeaf()
    {
        var e = new ReferenceInterpreter(Engines.Demo);
        var prompt = "a dispute";
        var signed = new CollectingTraceSink();
        var output = e.Generate(ByteTokenizer.EncodePrompt(prompt), Sampled, signed).Tokens;
        var trace = Q8DisputeTrace.Replay(e, prompt, output, Sampled);
        var acc = new TraceAccumulator();
        foreach (var leaf in signed.Leaves)
        {
            acc.Append(leaf);
        }

        Assert.Equal(acc.Root, trace.Root);
        Assert.Equal((ulong)signed.Leaves.Count, trace.CoarseLength);
        Assert.Equal(output.Select(t => (uint)t), trace.Emits.Select(x => x.Token));
        Assert.Equal(output.Select(t => (uint)t), trace.OutputTokens);
        foreach (var k in new ulong[] { 0, 1, trace.CoarseLength / 2, trace.CoarseLength - 1 })
        {
            var fine = trace.Fine(k);
            Assert.Equal(trace.CoarseLeaf(k), fine.Leaf(fine.Length - 1));
        }

        // The solver finds no token mismatch in an honest trace.
        var state = new DisputeGameState
        {
            Challenger = "0x1",
            Operator = "0x2",
            Executor = "0x3",
            TraceLength = trace.CoarseLength,
            TraceRoot = trace.Root,
            PromptTokens = (uint)trace.PromptTokens,
            OutputTokens = (uint)output.Count,
            OutputHash = DisputeRules.HashTokens(trace.OutputTokens),
        };
        Assert.Null(DisputeSolver.FindTokenMismatch(state, trace));
    }

    [Fact]
    public void DisputeTrace_WithATamperedLeaf_DiffersThereOnly_AndItsFineTraceEndsInTheTamperedLeaf()
    {
        var e = new ReferenceInterpreter(Engines.Demo);
        var output = e.Generate(ByteTokenizer.EncodePrompt("tamper"), Greedy).Tokens;
        var honest = Q8DisputeTrace.Replay(e, "tamper", output, Greedy);
        var bad = Keccak.HashUtf8("not the leaf");
        var tampered = Q8DisputeTrace.Replay(e, "tamper", output, Greedy, tamperedLeaves: new Dictionary<ulong, Bytes32> { [7] = bad });
        for (ulong k = 0; k < honest.CoarseLength; k++)
        {
            Assert.Equal(k == 7, honest.CoarseLeaf(k) != tampered.CoarseLeaf(k));
        }

        Assert.Equal(bad, tampered.Fine(7).Leaf(tampered.Fine(7).Length - 1));
        Assert.Equal(honest.Fine(7).Root(honest.Fine(7).Length - 1), tampered.Fine(7).Root(tampered.Fine(7).Length - 1));
    }

    [Fact]
    public void DisputeTrace_OfAnOutputAlteredBeforeSigning_HasTheSignedRoot_AndATokenMismatchProof()
    {
        var e = new ReferenceInterpreter(Engines.Demo);
        var computed = e.Generate(ByteTokenizer.EncodePrompt("alter the last"), Greedy).Tokens.ToArray();
        var signed = computed.ToArray();
        signed[^1] = signed[^1] == 'x' ? 'y' : 'x';
        var honest = Q8DisputeTrace.Replay(e, "alter the last", computed, Greedy);
        var replay = Q8DisputeTrace.Replay(e, "alter the last", signed, Greedy);

        // The last output token is never processed, so teacher forcing on the signed output gives the signed trace.
        Assert.Equal(honest.Root, replay.Root);
        var state = new DisputeGameState
        {
            Challenger = "0x1",
            Operator = "0x2",
            Executor = "0x3",
            TraceLength = replay.CoarseLength,
            TraceRoot = replay.Root,
            PromptTokens = (uint)replay.PromptTokens,
            OutputTokens = (uint)signed.Length,
            OutputHash = DisputeRules.HashTokens(replay.OutputTokens),
        };
        var proof = DisputeSolver.FindTokenMismatch(state, replay);
        Assert.NotNull(proof);
        Assert.Equal((uint)computed[^1], proof.Token);
    }
}
