using CsCheck;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Inference.Tests;

public sealed class DifferentialTests
{
    private static readonly Gen<DecodingParams> Params =
        Gen.Select(Gen.UInt[1, 24], Gen.Bool, Gen.UInt[1, 3000], Gen.ULong)
            .Select((max, greedy, temperature, seed) => new DecodingParams(max, greedy ? 0 : temperature, seed));

    [Fact]
    public void OnnxEngine_RandomPromptsAndParams_MatchesReferenceBitForBit()
    {
        Gen.Select(Gen.Int[0, ByteTokenizer.VocabSize - 1].Array[1, 40], Params).Sample((prompt, p) =>
            AssertSame(Engines.Demo, Engines.DemoOnnx, prompt, p), iter: 16);
    }

    [Fact]
    public void OnnxEngine_ChatPromptsSampled_MatchesReferenceBitForBit()
    {
        string[] questions = ["What is a fraud proof?", "Tell me a story.", "¿Qué hora es? 🙂", "Write a haiku about rollups"];
        var seed = 11UL;
        foreach (var q in questions)
        {
            var prompt = ByteTokenizer.EncodePrompt(ChatTemplate.Render([new ChatMessage("system", "You are terse."), new ChatMessage("user", q)]));
            AssertSame(Engines.Demo, Engines.DemoOnnx, prompt, new DecodingParams(40, 700 + (uint)(seed * 100), seed++));
            AssertSame(Engines.Demo, Engines.DemoOnnx, prompt, new DecodingParams(40, 0, 0));
        }
    }

    [Fact]
    public void OnnxEngine_PromptsNearTheContextLimit_MatchesReference()
    {
        var c = Engines.Demo.Config.ContextLength;
        foreach (var (length, seed) in new[] { (c, 1UL), (c - 1, 2UL), (c - 5, 3UL) })
        {
            var prompt = Enumerable.Range(0, length).Select(i => (int)(SplitMix64.At(seed, (ulong)i) % 256)).ToArray();
            var result = AssertSame(Engines.Demo, Engines.DemoOnnx, prompt, new DecodingParams(100, seed == 2 ? 0u : 900u, seed));
            Assert.True(result.FinishReason != FinishReason.Length);
        }
    }

    [Fact]
    public void OnnxEngine_SmallModelEveryPromptLength_MatchesReference()
    {
        var c = Engines.Small.Config.ContextLength;
        for (var length = 1; length <= c; length++)
        {
            var prompt = Enumerable.Range(0, length).Select(i => (int)(SplitMix64.At(99, (ulong)(i + (length * 1000))) % ByteTokenizer.VocabSize)).ToArray();
            var p = new DecodingParams((uint)(1 + (length % 30)), length % 3 == 0 ? 0u : 1500u, (ulong)length);
            AssertSame(Engines.Small, Engines.SmallOnnx, prompt, p);
        }
    }

    internal static GenerationResult AssertSame(Q8Model model, IQ8Engine onnx, IReadOnlyList<int> prompt, DecodingParams p)
    {
        var expectedSink = new CollectingTraceSink(keepPayloads: true);
        var actualSink = new CollectingTraceSink(keepPayloads: true);
        var expected = new ReferenceInterpreter(model).Generate(prompt, p, expectedSink);
        var actual = onnx.Generate(prompt, p, actualSink);
        Assert.Equal(expected.Tokens, actual.Tokens);
        Assert.Equal(expected.FinishReason, actual.FinishReason);
        Assert.Equal(expected.TraceLength, actual.TraceLength);
        Assert.Equal(expectedSink.Leaves.Count, actualSink.Leaves.Count);
        for (var i = 0; i < expectedSink.Leaves.Count; i++)
        {
            if (expectedSink.Leaves[i] != actualSink.Leaves[i])
            {
                Assert.Fail($"leaf {i} differs: reference {Convert.ToHexString(expectedSink.Payloads[i])} onnx {Convert.ToHexString(actualSink.Payloads[i])}");
            }
        }

        Assert.Equal(expected.TraceLength, actualSink.Leaves.Count);
        return actual;
    }
}
