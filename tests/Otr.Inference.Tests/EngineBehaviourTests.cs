using System.Buffers.Binary;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Inference.Tests;

public sealed class EngineBehaviourTests
{
    public static TheoryData<string> Kinds => ["reference", "onnx"];

    private static Q8Model NoEos { get; } = Engines.WithEosBias(Engines.Small, -(1 << 24));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Generate_EosFavoured_StopsAtEosAndIncludesIt(string kind)
    {
        var engine = Engines.Create(kind, Engines.WithEosBias(Engines.Small, 1 << 24));
        var sink = new CollectingTraceSink();
        var r = engine.Generate([ByteTokenizer.Bos, 'h', 'i'], new DecodingParams(10, 0, 0), sink);
        Assert.Equal([ByteTokenizer.Eos], r.Tokens);
        Assert.Equal(FinishReason.Eos, r.FinishReason);
        Assert.Equal((3 * (2 + 1)) + 1, r.TraceLength);
        Assert.Equal(r.TraceLength, sink.Leaves.Count);
        (engine as IDisposable)?.Dispose();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Generate_MaxTokensReached_StopsWithLength(string kind)
    {
        var engine = Engines.Create(kind, NoEos);
        var r = engine.Generate([ByteTokenizer.Bos, 'a'], new DecodingParams(3, 0, 0));
        Assert.Equal(3, r.Tokens.Count);
        Assert.Equal(FinishReason.Length, r.FinishReason);
        Assert.Equal(2, r.PromptLength);

        // positions 0..3 carry L+1 leaves each; 3 token leaves at positions 1, 2, 3
        Assert.Equal((4 * 3) + 3, r.TraceLength);
        (engine as IDisposable)?.Dispose();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Generate_FullContextPrompt_EmitsOneTokenThenStopsWithContext(string kind)
    {
        var engine = Engines.Create(kind, NoEos);
        var prompt = Enumerable.Repeat((int)'x', NoEos.Config.ContextLength).ToArray();
        var r = engine.Generate(prompt, new DecodingParams(50, 0, 0));
        Assert.Single(r.Tokens);
        Assert.Equal(FinishReason.Context, r.FinishReason);
        (engine as IDisposable)?.Dispose();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Generate_ShortPrompt_RunsToTheContextEnd(string kind)
    {
        var engine = Engines.Create(kind, NoEos);
        var r = engine.Generate([ByteTokenizer.Bos], new DecodingParams(1000, 1000, 5));
        Assert.Equal(NoEos.Config.ContextLength, r.Tokens.Count);
        Assert.Equal(FinishReason.Context, r.FinishReason);
        (engine as IDisposable)?.Dispose();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Generate_BadArguments_Throw(string kind)
    {
        var engine = Engines.Create(kind, Engines.Small);
        var p = new DecodingParams(4, 0, 0);
        Assert.Throws<ArgumentException>(() => engine.Generate([], p));
        Assert.Throws<ArgumentException>(() => engine.Generate(new int[Engines.Small.Config.ContextLength + 1], p));
        Assert.Throws<ArgumentException>(() => engine.Generate([ByteTokenizer.VocabSize], p));
        Assert.Throws<ArgumentException>(() => engine.Generate([-1], p));
        Assert.Throws<ArgumentException>(() => engine.Generate([1], new DecodingParams(0, 0, 0)));
        (engine as IDisposable)?.Dispose();
    }

    [Fact]
    public void Generate_WithoutSink_SameTokensAsWithSink()
    {
        var prompt = ByteTokenizer.EncodePrompt("abc");
        var p = new DecodingParams(20, 1200, 3);
        var a = Engines.DemoOnnx.Generate(prompt, p);
        var b = Engines.DemoOnnx.Generate(prompt, p, new CollectingTraceSink());
        Assert.Equal(a, b with { Tokens = a.Tokens });
        Assert.Equal(a.Tokens, b.Tokens);
    }

    [Fact]
    public void OnnxEngine_SaveOnnx_WritesALoadableIntegerGraph()
    {
        var path = Path.Combine(Path.GetTempPath(), $"otr-q8-{Guid.NewGuid():N}.onnx");
        try
        {
            Engines.SmallOnnx.SaveOnnx(path);
            Assert.Equal(Engines.SmallOnnx.BuildOnnxModelBytes(), File.ReadAllBytes(path));
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
            Assert.Contains(Q8OnnxGraph.TokensInput, session.InputNames);
            Assert.Equal([Q8OnnxGraph.LogitsOutput, Q8OnnxGraph.NextTokenOutput, Q8OnnxGraph.TraceOutput], session.OutputNames.Order(StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OnnxEngine_ParallelGenerations_AreIndependent()
    {
        var prompts = Enumerable.Range(0, 6).Select(i => ByteTokenizer.EncodePrompt($"prompt number {i}")).ToArray();
        var p = new DecodingParams(16, 900, 4);
        var sequential = prompts.Select(x => Engines.DemoOnnx.Generate(x, p).Tokens.ToArray()).ToArray();
        var parallel = prompts.AsParallel().AsOrdered().Select(x => Engines.DemoOnnx.Generate(x, p).Tokens.ToArray()).ToArray();
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Trace_Leaves_HaveTheEncodingsLayout()
    {
        var model = Engines.Small;
        var reference = new ReferenceInterpreter(model);
        var sink = new RecordingSink();
        int[] prompt = [ByteTokenizer.Bos, 'o', 'k'];
        var r = reference.Generate(prompt, new DecodingParams(2, 0, 0), sink);
        var d = model.Config.Dim;
        var layers = model.Config.Layers;

        // token-major: positions 0..2 with steps 0..L, token step at 2, position 3 steps 0..L, token step at 3
        var expectedOrder = new List<(int, int)>();
        for (var t = 0; t < 4; t++)
        {
            for (var l = 0; l <= layers; l++)
            {
                expectedOrder.Add((t, l));
            }

            if (t >= 2)
            {
                expectedOrder.Add((t, layers + 1));
            }
        }

        Assert.Equal(expectedOrder, sink.Leaves.Select(x => (x.Position, x.Step)));
        foreach (var leaf in sink.Leaves)
        {
            Assert.Equal(TreeHash.Leaf(leaf.Payload), leaf.Hash);
            Assert.Equal(leaf.Position, (int)BinaryPrimitives.ReadUInt32BigEndian(leaf.Payload));
            Assert.Equal(leaf.Step, (int)BinaryPrimitives.ReadUInt32BigEndian(leaf.Payload.AsSpan(4)));
            var expectedLength = leaf.Step == 0 ? 8 + d : leaf.Step <= layers ? 8 + (3 * d) : 12;
            Assert.Equal(expectedLength, leaf.Payload.Length);
        }

        // step 0 of position 0 is the embedding of BOS; the token leaves carry the generated tokens
        Assert.Equal(reference.Embed(ByteTokenizer.Bos, 0).Select(v => (byte)v), sink.Leaves[0].Payload[8..]);
        var tokenLeaves = sink.Leaves.Where(x => x.Step == layers + 1).Select(x => (int)BinaryPrimitives.ReadUInt32BigEndian(x.Payload.AsSpan(8))).ToArray();
        Assert.Equal(r.Tokens, tokenLeaves);
    }

    [Fact]
    public void Trace_AnyLayerLeaf_RecomputesFromTheLeavesItDependsOn()
    {
        // what a verifier does in a dispute: step (t, l) from leaf (t, l−1) and leaves (j, l), j < t
        var model = Engines.Demo;
        var reference = new ReferenceInterpreter(model);
        var sink = new RecordingSink();
        reference.Generate(ByteTokenizer.EncodePrompt("dispute me"), new DecodingParams(6, 800, 9), sink);
        var d = model.Config.Dim;
        var byKey = sink.Leaves.ToDictionary(x => (x.Position, x.Step));
        foreach (var leaf in sink.Leaves.Where(x => x.Step >= 1 && x.Step <= model.Config.Layers))
        {
            var (t, l) = (leaf.Position, leaf.Step);
            var input = Hidden(byKey[(t, l - 1)].Payload, d);
            var keys = Enumerable.Range(0, t).Select(j => Part(byKey[(j, l)].Payload, d, 1)).ToList();
            var values = Enumerable.Range(0, t).Select(j => Part(byKey[(j, l)].Payload, d, 2)).ToList();
            var output = reference.Layer(l, input, t, keys, values);
            byte[] recomputed = [.. output.Hidden.Select(v => (byte)v), .. output.Key.Select(v => (byte)v), .. output.Value.Select(v => (byte)v)];
            Assert.Equal(leaf.Payload[8..], recomputed);
        }
    }

    private static sbyte[] Hidden(byte[] payload, int d) => Part(payload, d, 0);

    private static sbyte[] Part(byte[] payload, int d, int part) => payload.AsSpan(8 + (part * d), d).ToArray().Select(b => (sbyte)b).ToArray();

    private sealed class RecordingSink : ITraceSink
    {
        public List<(int Position, int Step, byte[] Payload, Bytes32 Hash)> Leaves { get; } = [];

        public void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, Bytes32 leafHash) =>
            Leaves.Add((position, step, payload.ToArray(), leafHash));
    }
}
