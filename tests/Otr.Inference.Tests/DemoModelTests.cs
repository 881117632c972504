using Otr.Inference;
using Otr.Protocol;

namespace Otr.Inference.Tests;

public sealed class DemoModelTests(ITestOutputHelper output)
{
    private static readonly string[] Prompts =
    [
        "Hello, world!",
        ChatTemplate.Render([new ChatMessage("user", "What is an optimistic rollup?")]),
        "The quick brown fox jumps over the lazy dog. 0123456789",
    ];

    [Fact]
    public void Create_SameSeed_SameBytes()
    {
        Assert.Equal(DemoModelFactory.Create(7).ToBytes(), DemoModelFactory.Create(7).ToBytes());
    }

    [Fact]
    public void Create_DifferentSeed_DifferentModelAndRoot()
    {
        var a = DemoModelFactory.Create(1);
        var b = DemoModelFactory.Create(2);
        Assert.Equal(a.Name, b.Name);
        Assert.Equal(a.Config, b.Config);
        Assert.NotEqual(a.WeightsRoot, b.WeightsRoot);
        Assert.NotEqual(a.Tensor("layer1.wq").Int8.ToArray(), b.Tensor("layer1.wq").Int8.ToArray());
    }

    [Fact]
    public void DemoModel_Identity_IsTheRegisteredOne()
    {
        var model = DemoModelFactory.Create();
        Assert.Equal("otr-demo-q8", model.Name);
        Assert.Equal(Keccak.Hash("otr-demo-q8"u8), model.ModelId);
        Assert.Equal(64, model.Config.Dim);
        Assert.Equal(4, model.Config.Layers);
        Assert.Equal(256, model.Config.ContextLength);
        Assert.Equal(ByteTokenizer.VocabSize, model.Config.VocabSize);
    }

    [Fact]
    public void DemoModel_Activations_AreAlive()
    {
        var model = DemoModelFactory.Create();
        var stats = ActivationStats.Collect(model, Prompts, new DecodingParams(32, 0, 0));
        foreach (var (site, s) in stats.Sites.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{site,-14} {s}");
            Assert.True(s.SaturatedFraction < 0.05, $"{site}: {s}");
            Assert.True(s.ZeroFraction < 0.25, $"{site}: {s}");
            Assert.InRange(s.Rms, 8, 96);
        }

        Assert.Equal(4 * 12 + 1, stats.Sites.Count);
    }

    [Fact]
    public void DemoModel_SampledOutput_IsTextLike()
    {
        var model = DemoModelFactory.Create();
        var reference = new ReferenceInterpreter(model);
        var printable = 0;
        var total = 0;
        foreach (var seed in new ulong[] { 1, 2, 3 })
        {
            var r = reference.Generate(ByteTokenizer.EncodePrompt(Prompts[1]), new DecodingParams(48, 1000, seed));
            output.WriteLine($"[{r.FinishReason}] {ByteTokenizer.Decode(r.Tokens)}");
            printable += r.Tokens.Count(t => t is >= 32 and < 127 || t == ByteTokenizer.Eos);
            total += r.Tokens.Count;
        }

        Assert.True(printable >= total * 0.9, $"{printable} of {total} printable");
    }
}
