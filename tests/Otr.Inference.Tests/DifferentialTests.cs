using Otr.Inference;
using Otr.Protocol;

namespace Otr.Inference.Tests;

public sealed class DifferentialTests(ITestOutputHelper output)
{
    [Fact]
    public void OnnxEngine_SimplePrompt_MatchesReference()
    {
        var model = DemoModelFactory.Create();
        using var onnx = new OnnxQ8Engine(model);
        var reference = new ReferenceInterpreter(model);
        var prompt = ByteTokenizer.EncodePrompt("Hello, world!");
        var p = new DecodingParams(32, 0, 0);
        var a = new CollectingTraceSink();
        var b = new CollectingTraceSink();
        var ra = reference.Generate(prompt, p, a);
        var rb = onnx.Generate(prompt, p, b);
        output.WriteLine(ByteTokenizer.Decode(ra.Tokens));
        output.WriteLine(ByteTokenizer.Decode(rb.Tokens));
        Assert.Equal(ra.Tokens, rb.Tokens);
        Assert.Equal(a.Leaves, b.Leaves);
    }
}
