using System.Diagnostics;
using Otr.Inference;
using Otr.Protocol;

// Decoding throughput of the q8-exact engines on the demo model.
// usage: dotnet run -c Release --project bench/Otr.Inference.Bench [-- --tokens N] [--dim D] [--write-model path.q8] [--write-onnx path.onnx]
var tokens = 200;
var dim = 64;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--tokens":
            tokens = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--dim":
            dim = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--write-model":
            DemoModelFactory.Create().Save(args[i + 1]);
            Console.WriteLine($"wrote {args[i + 1]}");
            return;
        case "--write-onnx":
            using (var e = new OnnxQ8Engine(DemoModelFactory.Create()))
            {
                e.SaveOnnx(args[i + 1]);
            }

            Console.WriteLine($"wrote {args[i + 1]}");
            return;
    }
}

// --dim N: a wider random model of the same shape family (timing only; its scales are not tuned)
var model = dim == 64
    ? DemoModelFactory.Create()
    : DemoModelFactory.Create(1, DemoModelFactory.DemoConfig with { Dim = dim, Heads = dim / 16, MlpDim = 4 * dim }, $"otr-bench-q8-d{dim}");
Console.WriteLine($"model {model.Name} (D = {model.Config.Dim}, F = {model.Config.MlpDim}, L = {model.Config.Layers}): weights root {model.WeightsRoot}");

// EOS disabled so every run decodes the full token budget
var noEos = model.WithTensor(model.Tensor("head_bias").WithElement(model.Config.EosToken, -(1 << 24)));
using var onnx = new OnnxQ8Engine(noEos);
var reference = new ReferenceInterpreter(noEos);
var chat = ByteTokenizer.EncodePrompt(ChatTemplate.Render([new ChatMessage("user", "Tell me a story about rollups.")]));
var decode = new DecodingParams((uint)tokens, 0, 0);
var longPrompt = Enumerable.Range(0, 200).Select(i => 'a' + (i % 26)).ToArray();
var prefill = new DecodingParams(1, 0, 0);

Console.WriteLine($"decode: {chat.Length}-token chat prompt + {tokens} generated tokens (greedy)");
Measure("  reference (C#), raw", () => reference.Generate(chat, decode));
Measure("  reference (C#), trace hashing", () => reference.Generate(chat, decode, new CollectingTraceSink()));
Measure("  ONNX Runtime, raw", () => onnx.Generate(chat, decode));
Measure("  ONNX Runtime, trace hashing", () => onnx.Generate(chat, decode, new CollectingTraceSink()));
Console.WriteLine("prefill: 200-token prompt, 1 generated token");
Measure("  reference (C#), trace hashing", () => reference.Generate(longPrompt, prefill, new CollectingTraceSink()));
Measure("  ONNX Runtime, trace hashing", () => onnx.Generate(longPrompt, prefill, new CollectingTraceSink()));
void Measure(string name, Func<GenerationResult> run)
{
    var warmUp = Stopwatch.StartNew();
    while (warmUp.Elapsed < TimeSpan.FromSeconds(2))
    {
        run(); // let tiered JIT and ONNX Runtime's arena settle
    }

    var runs = 0;
    long positions = 0;
    long generated = 0;
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed < TimeSpan.FromSeconds(3) || runs < 2)
    {
        var r = run();
        runs++;
        positions += r.PromptLength + r.Tokens.Count - 1;
        generated += r.Tokens.Count;
    }

    sw.Stop();
    var s = sw.Elapsed.TotalSeconds;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
    Console.WriteLine(
        $"{name,-36} {positions / s,7:F0} positions/s {generated / s,7:F0} tokens/s | wall {1e6 * s / positions,5:F0} µs/position, CPU {1e6 * cpu / positions,5:F0} µs/position ({runs} runs)");
}
