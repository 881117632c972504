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
    public void DemoModel_Activations_AreAlive()
    {
        var model = DemoModelFactory.Create();
        var stats = ActivationStats.Collect(model, Prompts, new DecodingParams(48, 0, 0));
        foreach (var (site, s) in stats.Sites.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{site,-14} {s}");
        }

        foreach (var seed in new ulong[] { 0, 1, 2 })
        {
            var r = new ReferenceInterpreter(model).Generate(ByteTokenizer.EncodePrompt(Prompts[1]), new DecodingParams(64, seed == 0 ? 0u : 1000u, seed));
            output.WriteLine($"[{r.FinishReason}] {ByteTokenizer.Decode(r.Tokens)}");
        }
    }
}
