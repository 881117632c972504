using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// The generation loop shared by every engine (docs/q8-exact.md, "Generation"): read the prompt
/// (in one step), emit a token from the last prompt position on, feed it back one position at a
/// time, stop at EOS, MaxTokens or the end of the context, and hand the trace leaves to the sink
/// in token-major order.
/// </summary>
internal static class DecodeLoop
{
    public static GenerationResult Run(Q8Model model, IQ8Stepper stepper, IReadOnlyList<int> prompt, DecodingParams parameters, ITraceSink? sink)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(parameters);
        var config = model.Config;
        var tokens = Validate(config, prompt, parameters);
        var payload = new byte[8 + (3 * config.Dim)];
        var generated = new List<int>();
        var leaves = 0L;

        var t = tokens.Length - 1;
        var greedy = stepper.Step(tokens, 0, needLogits: true);
        leaves += EmitHidden(config, stepper, sink, payload, 0, tokens.Length);
        while (true)
        {
            var next = parameters.IsGreedy ? greedy : Q8Sampler.Select(model, stepper.Logits, parameters, t);
            leaves++;
            if (sink is not null)
            {
                Emit(sink, payload, t, config.EmitStep, TraceLeafPayload.Token(payload, t, config.EmitStep, next));
            }

            generated.Add(next);
            FinishReason? reason = next == config.EosToken ? FinishReason.Eos
                : generated.Count >= parameters.MaxTokens ? FinishReason.Length
                : t + 1 >= config.ContextLength ? FinishReason.Context
                : null;
            if (reason is { } r)
            {
                return new GenerationResult(generated, r, tokens.Length, leaves);
            }

            t++;
            greedy = stepper.Step([next], t, needLogits: true);
            leaves += EmitHidden(config, stepper, sink, payload, t, 1);
        }
    }

    /// <summary>Emits steps 0..L of positions start..start+count−1; returns the number of leaves.</summary>
    private static long EmitHidden(Q8ModelConfig config, IQ8Stepper stepper, ITraceSink? sink, byte[] payload, int start, int count)
    {
        if (sink is not null)
        {
            for (var i = 0; i < count; i++)
            {
                var t = start + i;
                Emit(sink, payload, t, 0, TraceLeafPayload.Embedding(payload, t, stepper.Row(i, 0)));
                for (var l = 1; l <= config.Layers; l++)
                {
                    var part = 1 + (3 * (l - 1));
                    var length = TraceLeafPayload.Layer(payload, t, l, stepper.Row(i, part), stepper.Row(i, part + 1), stepper.Row(i, part + 2));
                    Emit(sink, payload, t, l, length);
                }
            }
        }

        return (long)count * (config.Layers + 1);
    }

    private static void Emit(ITraceSink sink, byte[] buffer, int position, int step, int length)
    {
        var payload = buffer.AsSpan(0, length);
        sink.OnLeaf(position, step, payload, TreeHash.Leaf(payload));
    }

    private static int[] Validate(Q8ModelConfig config, IReadOnlyList<int> prompt, DecodingParams parameters)
    {
        if (prompt.Count == 0)
        {
            throw new ArgumentException("the prompt needs at least one token (use ByteTokenizer.EncodePrompt, which starts with BOS)", nameof(prompt));
        }

        if (prompt.Count > config.ContextLength)
        {
            throw new ArgumentException($"the prompt has {prompt.Count} tokens; the context holds {config.ContextLength}", nameof(prompt));
        }

        var tokens = prompt.ToArray();
        foreach (var token in tokens)
        {
            if (token < 0 || token >= config.VocabSize)
            {
                throw new ArgumentException($"prompt token {token} is not in [0, {config.VocabSize})", nameof(prompt));
            }
        }

        if (parameters.MaxTokens == 0)
        {
            throw new ArgumentException("MaxTokens must be at least 1", nameof(parameters));
        }

        return tokens;
    }
}
