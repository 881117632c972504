using System.Buffers.Binary;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Inference.Tests;

public sealed class ProtocolCompatibilityTests
{
    [Fact]
    public void TraceLeaves_EveryStep_EqualProtocolTraceLeaf()
    {
        var model = Engines.Small;
        var layers = model.Config.Layers;
        var d = model.Config.Dim;
        var sink = new CollectingTraceSink(keepPayloads: true);
        Engines.SmallOnnx.Generate(ByteTokenizer.EncodePrompt("compat"), new DecodingParams(5, 900, 1), sink);
        for (var i = 0; i < sink.Leaves.Count; i++)
        {
            var p = sink.Payloads[i];
            var t = (int)BinaryPrimitives.ReadUInt32BigEndian(p);
            var l = (int)BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4));
            var expected = l == 0 ? TraceLeaf.Embedding(t, Rows(p, 0, d))
                : l <= layers ? TraceLeaf.Layer(t, l, Rows(p, 0, d), Rows(p, 1, d), Rows(p, 2, d))
                : TraceLeaf.Token(t, l, (int)BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(8)));
            Assert.Equal(expected, sink.Leaves[i]);
        }
    }

    [Fact]
    public void TraceLeaves_Accumulated_MatchTheLeafCount()
    {
        var sink = new CollectingTraceSink();
        var result = Engines.SmallOnnx.Generate(ByteTokenizer.EncodePrompt("acc"), new DecodingParams(4, 0, 0), sink);
        var accumulator = new TraceAccumulator();
        foreach (var leaf in sink.Leaves)
        {
            accumulator.Append(leaf);
        }

        Assert.Equal(result.TraceLength, (long)accumulator.Count);
    }

    private static sbyte[] Rows(byte[] payload, int part, int d) =>
        [.. payload.AsSpan(8 + (part * d), d).ToArray().Select(b => (sbyte)b)];
}
