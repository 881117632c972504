using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// The generation loop shared by every engine (docs/q8-exact.md, "Generation"): process the
/// prompt position by position, emit a token from the last prompt position on, stop at EOS,
/// MaxTokens or the end of the context, and hand the trace leaves to the sink.
/// </summary>
internal static class DecodeLoop
{
    public static GenerationResult Run(Q8Model model, IQ8Stepper stepper, IReadOnlyList<int> prompt, DecodingParams parameters, ITraceSink? sink)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(parameters);
        var config = model.Config;
        Validate(config, prompt, parameters);
        var d = config.Dim;
        var payload = new byte[8 + (3 * d)];
        var generated = new List<int>();
        var emitStep = config.EmitStep;
        long leaves = 0;
        var token = prompt[0];
        for (var t = 0; ; t++)
        {
            var emits = t >= prompt.Count - 1;
            var greedy = stepper.Step(token, t, emits);
            leaves += config.Layers + 1;
            if (sink is not null)
            {
                var trace = stepper.Trace;
                Emit(sink, payload, t, 0, TraceLeafPayload.Hidden(payload, t, 0, trace[..d]));
                for (var l = 1; l <= config.Layers; l++)
                {
                    Emit(sink, payload, t, l, TraceLeafPayload.Hidden(payload, t, l, trace.Slice(d + ((l - 1) * 3 * d), 3 * d)));
                }
            }

            if (!emits)
            {
                token = prompt[t + 1];
                continue;
            }

            var next = parameters.IsGreedy ? greedy : Q8Sampler.Select(model, stepper.Logits, parameters, t);
            leaves++;
            if (sink is not null)
            {
                Emit(sink, payload, t, emitStep, TraceLeafPayload.Token(payload, t, emitStep, next));
            }

            generated.Add(next);
            FinishReason? reason = next == config.EosToken ? FinishReason.Eos
                : generated.Count >= parameters.MaxTokens ? FinishReason.Length
                : t + 1 >= config.ContextLength ? FinishReason.Context
                : null;
            if (reason is { } r)
            {
                return new GenerationResult(generated, r, prompt.Count, leaves);
            }

            token = next;
        }
    }

    private static void Emit(ITraceSink sink, byte[] buffer, int position, int step, int length)
    {
        var payload = buffer.AsSpan(0, length);
        sink.OnLeaf(position, step, payload, TreeHash.Leaf(payload));
    }

    private static void Validate(Q8ModelConfig config, IReadOnlyList<int> prompt, DecodingParams parameters)
    {
        if (prompt.Count == 0)
        {
            throw new ArgumentException("the prompt needs at least one token (use ByteTokenizer.EncodePrompt, which starts with BOS)", nameof(prompt));
        }

        if (prompt.Count > config.ContextLength)
        {
            throw new ArgumentException($"the prompt has {prompt.Count} tokens; the context holds {config.ContextLength}", nameof(prompt));
        }

        foreach (var token in prompt)
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
    }
}
