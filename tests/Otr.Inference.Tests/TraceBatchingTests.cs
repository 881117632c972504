using System.Buffers.Binary;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Inference.Tests;

/// <summary>The decode loop hashes each step's leaves in batches and the ONNX engine reuses its buffers across requests.</summary>
public sealed class TraceBatchingTests
{
    [Theory]
    [InlineData("reference")]
    [InlineData("onnx")]
    public void Generate_LongPromptSampled_EveryLeafIsItsPayloadsHashInTokenMajorOrder(string kind)
    {
        // 60 prompt positions × 5 hidden leaves: more than one batch of leaves in the prompt step alone.
        var model = Engines.Demo;
        var engine = kind == "onnx" ? Engines.DemoOnnx : (IQ8Engine)new ReferenceInterpreter(model);
        var prompt = ByteTokenizer.EncodePrompt(new string('x', 30) + " batching the trace leaves");
        var sink = new CollectingTraceSink(keepPayloads: true);
        var result = engine.Generate(prompt, new DecodingParams(7, 700, 3), sink);

        var layers = model.Config.Layers;
        var expected = new List<(int, int)>();
        for (var t = 0; t < prompt.Length + result.Tokens.Count - 1; t++)
        {
            for (var l = 0; l <= layers; l++)
            {
                expected.Add((t, l));
            }

            if (t >= prompt.Length - 1)
            {
                expected.Add((t, layers + 1));
            }
        }

        Assert.Equal(expected.Count, sink.Leaves.Count);
        Assert.Equal(result.TraceLength, sink.Leaves.Count);
        for (var i = 0; i < sink.Leaves.Count; i++)
        {
            var payload = sink.Payloads[i];
            Assert.Equal(expected[i], ((int)BinaryPrimitives.ReadUInt32BigEndian(payload), (int)BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(4))));
            Assert.Equal(Keccak.Hash([0x00, .. payload]), sink.Leaves[i]);
        }
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("onnx")]
    public void OnToken_ReportsEachTokenBeforeItsLeaves_AndEveryLeafArrivesBeforeGenerateReturns(string kind)
    {
        var model = Engines.Demo;
        var engine = kind == "onnx" ? Engines.DemoOnnx : (IQ8Engine)new ReferenceInterpreter(model);
        var prompt = ByteTokenizer.EncodePrompt("report tokens early");
        var sink = new EventSink(model.Config.Layers + 1);
        var result = engine.Generate(prompt, new DecodingParams(20, 900, 5), sink);

        Assert.Equal(result.Tokens, sink.Tokens.Select(t => t.Token));
        Assert.Equal(Enumerable.Range(prompt.Length - 1, result.Tokens.Count), sink.Tokens.Select(t => t.Position));
        Assert.Equal(result.TraceLength, sink.Leaves);
        foreach (var (position, _, leavesBefore) in sink.Tokens)
        {
            // The token is reported before the leaves of its own step: fewer leaves than its position's emit leaf index.
            var emitLeafIndex = ((position + 1) * (model.Config.Layers + 1)) + (position - (prompt.Length - 1));
            Assert.True(leavesBefore <= emitLeafIndex, $"token at {position} reported after {leavesBefore} leaves (its emit leaf is leaf {emitLeafIndex})");
        }

        // Leaves are batched across steps: some token is reported while earlier steps' leaves are still queued.
        Assert.Contains(sink.Tokens, t => t.LeavesBefore < ((t.Position + 1) * (model.Config.Layers + 1)) + (t.Position - (prompt.Length - 1)) - model.Config.Layers - 1);
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("onnx")]
    public void OnToken_Throwing_StopsGenerationAtThatToken(string kind)
    {
        var engine = kind == "onnx" ? Engines.DemoOnnx : (IQ8Engine)new ReferenceInterpreter(Engines.Demo);
        var prompt = ByteTokenizer.EncodePrompt("stop after three tokens");
        var sink = new CancellingSink(after: 3);
        Assert.Throws<OperationCanceledException>(() => engine.Generate(prompt, new DecodingParams(30, 0, 0), sink));
        Assert.Equal(3, sink.Seen);
    }

    [Fact]
    public void OnnxEngine_ReusedBuffers_SameResultsAsAFreshEngine()
    {
        // Long, short, then long again on one engine (the second long request reuses buffers the short one left
        // partly stale) must equal each request on a fresh engine, tokens and every leaf.
        var prompts = new[] { new string('a', 80), "hi", new string('b', 70) }.Select(ByteTokenizer.EncodePrompt).ToArray();
        var p = new DecodingParams(24, 800, 11);
        using var shared = new OnnxQ8Engine(Engines.Demo);
        foreach (var prompt in prompts)
        {
            using var fresh = new OnnxQ8Engine(Engines.Demo);
            var (expectedSink, actualSink) = (new CollectingTraceSink(), new CollectingTraceSink());
            var expected = fresh.Generate(prompt, p, expectedSink);
            var actual = shared.Generate(prompt, p, actualSink);
            Assert.Equal(expected.Tokens, actual.Tokens);
            Assert.Equal(expectedSink.Leaves, actualSink.Leaves);
        }
    }

    [Fact]
    public void OnnxEngine_AfterASinkThrewMidRequest_NextRequestIsUnaffected()
    {
        using var engine = new OnnxQ8Engine(Engines.Demo);
        var prompt = ByteTokenizer.EncodePrompt("cancel me part way");
        var p = new DecodingParams(16, 0, 0);
        var expected = engine.Generate(prompt, p);
        Assert.Throws<OperationCanceledException>(() => engine.Generate(prompt, p, new ThrowingSink(after: 100)));
        Assert.Equal(expected.Tokens, engine.Generate(prompt, p).Tokens);
    }

    [Fact]
    public void OnnxEngine_Disposed_Throws()
    {
        var engine = new OnnxQ8Engine(Engines.Small);
        engine.Generate([ByteTokenizer.Bos], new DecodingParams(2, 0, 0));
        engine.Dispose();
        Assert.Throws<ObjectDisposedException>(() => engine.Generate([ByteTokenizer.Bos], new DecodingParams(2, 0, 0)));
    }

    private sealed class EventSink(int emitStep) : ITraceSink
    {
        public List<(int Position, int Token, long LeavesBefore)> Tokens { get; } = [];

        public long Leaves { get; private set; }

        public void OnToken(int position, int token) => Tokens.Add((position, token, Leaves));

        public void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, Bytes32 leafHash)
        {
            if (step == emitStep)
            {
                var token = (int)BinaryPrimitives.ReadUInt32BigEndian(payload[8..]);
                Assert.Contains((position, token), Tokens.Select(t => (t.Position, t.Token)));
            }

            Leaves++;
        }
    }

    private sealed class CancellingSink(int after) : ITraceSink
    {
        public int Seen { get; private set; }

        public void OnToken(int position, int token)
        {
            if (++Seen >= after)
            {
                throw new OperationCanceledException();
            }
        }

        public void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, Bytes32 leafHash)
        {
        }
    }

    private sealed class ThrowingSink(int after) : ITraceSink
    {
        private int _seen;

        public void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, Bytes32 leafHash)
        {
            if (++_seen > after)
            {
                throw new OperationCanceledException();
            }
        }
    }
}
