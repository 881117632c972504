using Otr.Inference;
using Otr.Protocol;

namespace Otr.Dispute.Bench;

/// <summary>An honest teacher-forced trace of one request with every payload kept, to build one-step witnesses from.</summary>
/// <param name="Model">The model that computed it.</param>
/// <param name="PromptTokens">n, BOS included.</param>
/// <param name="Tokens">Prompt then output tokens.</param>
/// <param name="Payloads">Every coarse leaf's payload, in trace order.</param>
/// <param name="Coarse">The coarse trace's accumulator.</param>
/// <param name="Parameters">The decoding parameters.</param>
internal sealed record Request(Q8Model Model, int PromptTokens, int[] Tokens, IReadOnlyList<byte[]> Payloads, TraceAccumulator Coarse, DecodingParams Parameters)
{
    /// <summary>The last processed position, n + g − 2.</summary>
    public int LastPosition => Tokens.Length - 2;

    public static Request Replay(Q8Model model, string prompt, IReadOnlyList<int> output, DecodingParams parameters)
    {
        var promptTokens = ByteTokenizer.EncodePrompt(prompt);
        var sink = new CollectingTraceSink(keepPayloads: true);
        new ReferenceInterpreter(model).Replay(promptTokens, output, parameters, sink);
        var coarse = new TraceAccumulator();
        foreach (var leaf in sink.Leaves)
        {
            coarse.Append(leaf);
        }

        return new Request(model, promptTokens.Length, [.. promptTokens, .. output], sink.Payloads, coarse, parameters);
    }
}
