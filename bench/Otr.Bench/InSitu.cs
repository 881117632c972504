using Otr.Api;
using Otr.Executor.Inference;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Bench;

/// <summary>
/// The executor path's extra cost taken apart where it runs, inside decoding: the same request four
/// ways back to back, each adding one stage to the one before — (a) raw decoding; (h) the engine with a
/// sink that drops every leaf (the decode loop's leaf payloads and batched leaf hashing); (m) the engine
/// with the receipt sink and accumulator (+ MMR) and the root; (b) the executor path (+ validation,
/// receipt, signature, JSON, telemetry). The order rotates request by request, so each stage's cost is
/// the median of the paired per-request differences, with a confidence interval for that median.
/// </summary>
internal static class InSitu
{
    public sealed record Stage(string Name, double MedianMicros, double LowMicros, double HighMicros);

    public static IReadOnlyList<Stage> Measure(
        ExecutorHarness executor, Func<ExecuteRequest> newRequest, int[] promptTokens, int rounds, out double rawMicros)
    {
        var engine = executor.Engine;
        var samples = new List<long[]>();
        var check = 0;
        for (var round = 0; round < rounds; round++)
        {
            var request = newRequest();
            var parameters = new DecodingParams(request.MaxTokens, request.TemperatureMilli, request.Seed);
            var times = new long[4];
            for (var k = 0; k < 4; k++)
            {
                var variant = (round + k) % 4;
                var start = Clock.Now();
                switch (variant)
                {
                    case 0:
                        check += engine.Generate(promptTokens, parameters).Tokens.Count;
                        break;
                    case 1:
                        check += engine.Generate(promptTokens, parameters, DroppingSink.Instance).Tokens.Count;
                        break;
                    case 2:
                        var accumulator = new TraceRootAccumulator();
                        check += engine.Generate(promptTokens, parameters, new ReceiptTraceSink(accumulator, null, CancellationToken.None)).Tokens.Count;
                        check += accumulator.Root.Span[0];
                        break;
                    default:
                        check += executor.Execute(request).Tokens.Count;
                        break;
                }

                times[variant] = (Clock.Now() - start).ThreadCpuNs;
            }

            samples.Add(times);
        }

        GC.KeepAlive(check);
        rawMicros = Stats.Median(samples.Select(s => s[0] / 1e3));
        return
        [
            Of("(h)−(a) leaf payloads + batched leaf hashing in the decode loop", samples, 1, 0),
            Of("(m)−(h) receipt sink + MMR accumulator + root", samples, 2, 1),
            Of("(b)−(m) validation, receipt, signature, JSON, telemetry", samples, 3, 2),
            Of("(b)−(a) all of it", samples, 3, 0),
        ];
    }

    private static Stage Of(string name, List<long[]> samples, int with, int without)
    {
        var differences = samples.Select(s => (s[with] - s[without]) / 1e3).ToArray();
        var (low, high) = Stats.MedianInterval(differences, 0.95);
        return new Stage(name, Stats.Median(differences), low, high);
    }

    /// <summary>Takes every leaf and keeps nothing (the span overload: no allocation per leaf).</summary>
    private sealed class DroppingSink : ITraceSink
    {
        public static readonly DroppingSink Instance = new();

        public void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, Bytes32 leafHash)
        {
        }

        public void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> leafHash)
        {
        }
    }
}
