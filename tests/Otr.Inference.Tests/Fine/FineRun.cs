using Otr.Inference.Fine;
using Otr.Protocol;

namespace Otr.Inference.Tests.Fine;

/// <summary>A reference generation with its whole coarse trace (payloads, hashes, accumulator) under teacher forcing.</summary>
internal sealed record FineRun(
    int PromptTokens,
    IReadOnlyList<int> Output,
    int[] Tokens,
    IReadOnlyList<byte[]> Payloads,
    IReadOnlyList<Bytes32> Leaves,
    TraceAccumulator Accumulator,
    DecodingParams Parameters)
{
    public static FineRun Generate(Q8Model model, string prompt, DecodingParams parameters) =>
        Generate(model, ByteTokenizer.EncodePrompt(prompt), parameters);

    public static FineRun Generate(Q8Model model, IReadOnlyList<int> promptTokens, DecodingParams parameters)
    {
        var sink = new CollectingTraceSink(keepPayloads: true);
        var result = new ReferenceInterpreter(model).Generate(promptTokens, parameters, sink);
        var acc = new TraceAccumulator();
        foreach (var leaf in sink.Leaves)
        {
            acc.Append(leaf);
        }

        int[] tokens = [.. promptTokens, .. result.Tokens];
        return new FineRun(promptTokens.Count, result.Tokens, tokens, sink.Payloads, sink.Leaves, acc, parameters);
    }
}
