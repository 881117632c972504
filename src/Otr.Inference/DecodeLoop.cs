using System.Buffers;
using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// The generation loop shared by every engine (docs/q8-exact.md, "Generation"): read the prompt
/// (in one step), emit a token from the last prompt position on, feed it back one position at a
/// time, stop at EOS, MaxTokens or the end of the context, report each token to the sink as soon
/// as it is chosen, and hand the trace leaves to the sink in token-major order, hashed in batches
/// that span several steps (all of them before the run returns).
/// </summary>
internal static class DecodeLoop
{
    /// <param name="model">The model.</param>
    /// <param name="stepper">The engine's stepper.</param>
    /// <param name="prompt">Prompt tokens.</param>
    /// <param name="parameters">Decoding parameters.</param>
    /// <param name="sink">Receives the leaves, or null.</param>
    /// <param name="forced">
    /// Teacher forcing: when given, position n + j processes <c>forced[j]</c> instead of the token emitted
    /// before it, and the run ends after <c>forced.Count</c> emits whatever they are (EOS, MaxTokens and
    /// the context do not stop it). Emit leaves hold the computed tokens, as always.
    /// </param>
    public static GenerationResult Run(Q8Model model, IQ8Stepper stepper, IReadOnlyList<int> prompt, DecodingParams parameters, ITraceSink? sink, IReadOnlyList<int>? forced = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(parameters);
        var config = model.Config;
        var tokens = Validate(config, prompt, parameters);
        if (forced is not null)
        {
            ValidateForced(config, tokens.Length, forced);
        }
        using var leaves = sink is null ? null : new LeafBatch(sink, config.Dim);
        var generated = new List<int>();
        var traceLength = 0L;

        // After each step: the token to the sink at once, then the hidden leaves (steps 0..L) of the positions
        // the step ran and the token leaf of its last position queued in that order; a full batch is hashed
        // together and handed over, the last one when the run ends.
        var t = tokens.Length - 1;
        var (start, count) = (0, tokens.Length);
        var greedy = stepper.Step(tokens, 0, needLogits: true);
        while (true)
        {
            var next = parameters.IsGreedy ? greedy : Q8Sampler.Select(model, stepper.Logits, parameters, t);
            traceLength += ((long)count * (config.Layers + 1)) + 1;
            if (leaves is not null)
            {
                sink!.OnToken(t, next);
                AddHidden(config, stepper, leaves, start, count);
                var slot = leaves.Next();
                leaves.Add(t, config.EmitStep, TraceLeafPayload.Token(slot, t, config.EmitStep, next));
            }

            generated.Add(next);
            if (forced is not null)
            {
                if (generated.Count == forced.Count)
                {
                    leaves?.Flush();
                    return new GenerationResult(generated, Forced(config, forced, tokens.Length), tokens.Length, traceLength);
                }

                next = forced[generated.Count - 1];
            }

            FinishReason? reason = forced is not null ? null
                : next == config.EosToken ? FinishReason.Eos
                : generated.Count >= parameters.MaxTokens ? FinishReason.Length
                : t + 1 >= config.ContextLength ? FinishReason.Context
                : null;
            if (reason is { } r)
            {
                leaves?.Flush();
                return new GenerationResult(generated, r, tokens.Length, traceLength);
            }

            t++;
            (start, count) = (t, 1);
            greedy = stepper.Step([next], t, needLogits: true);
        }
    }

    /// <summary>Queues steps 0..L of positions start..start+count−1.</summary>
    private static void AddHidden(Q8ModelConfig config, IQ8Stepper stepper, LeafBatch leaves, int start, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var t = start + i;
            leaves.Add(t, 0, TraceLeafPayload.Embedding(leaves.Next(), t, stepper.Row(i, 0)));
            for (var l = 1; l <= config.Layers; l++)
            {
                var part = 1 + (3 * (l - 1));
                leaves.Add(t, l, TraceLeafPayload.Layer(leaves.Next(), t, l, stepper.Row(i, part), stepper.Row(i, part + 1), stepper.Row(i, part + 2)));
            }
        }
    }

    /// <summary>Why an honest run would have stopped after <paramref name="forced"/> (its last token decides).</summary>
    private static FinishReason Forced(Q8ModelConfig config, IReadOnlyList<int> forced, int promptLength) =>
        forced[^1] == config.EosToken ? FinishReason.Eos
        : promptLength + forced.Count - 1 >= config.ContextLength ? FinishReason.Context
        : FinishReason.Length;

    private static void ValidateForced(Q8ModelConfig config, int promptLength, IReadOnlyList<int> forced)
    {
        if (forced.Count == 0)
        {
            throw new ArgumentException("teacher forcing needs at least one output token", nameof(forced));
        }

        if (promptLength + forced.Count - 1 > config.ContextLength)
        {
            throw new ArgumentException(
                $"{promptLength} prompt and {forced.Count} output tokens need {promptLength + forced.Count - 1} positions; the context holds {config.ContextLength}",
                nameof(forced));
        }

        for (var j = 0; j < forced.Count; j++)
        {
            if (forced[j] < 0 || forced[j] >= config.VocabSize)
            {
                throw new ArgumentException($"output token {j} is {forced[j]}, not in [0, {config.VocabSize})", nameof(forced));
            }
        }
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

    /// <summary>
    /// Leaves waiting to be hashed and handed to the sink, in trace order. <see cref="Flush"/> hashes
    /// them together with <see cref="TreeHash.LeavesInto"/> (eight or four leaves of the same block
    /// count per vector permutation), then calls the sink for each in the original order. Queuing a
    /// leaf into a full batch flushes it first, so a batch spans several decode steps (and the prompt's
    /// leaves go in batches too): the hashing code runs warm for a whole batch instead of once per
    /// token between ONNX Runtime steps, and the 8 lanes fill with equal-length leaves. At most
    /// <see cref="MaxLeaves"/> leaves and about <see cref="MaxBytes"/> bytes of payload wait at a time.
    /// </summary>
    private sealed class LeafBatch : IDisposable
    {
        public const int MaxLeaves = 64;
        public const int MaxBytes = 64 * 1024;

        private readonly ITraceSink _sink;
        private readonly int _slotLength;
        private readonly int _capacity;
        private readonly byte[] _payloads;
        private readonly (int Position, int Step)[] _leaves;
        private readonly Range[] _ranges;
        private readonly byte[] _hashes;
        private int _count;

        public LeafBatch(ITraceSink sink, int dim)
        {
            _sink = sink;
            _slotLength = 8 + (3 * dim);
            _capacity = Math.Clamp(MaxBytes / _slotLength, 8, MaxLeaves);
            _payloads = ArrayPool<byte>.Shared.Rent(_capacity * _slotLength);
            _leaves = ArrayPool<(int, int)>.Shared.Rent(_capacity);
            _ranges = ArrayPool<Range>.Shared.Rent(_capacity);
            _hashes = ArrayPool<byte>.Shared.Rent(_capacity * 32);
        }

        /// <summary>Returns the buffers to the shared pools (a request's batch is ≈ 15 KB for the demo model).</summary>
        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_payloads);
            ArrayPool<(int, int)>.Shared.Return(_leaves);
            ArrayPool<Range>.Shared.Return(_ranges);
            ArrayPool<byte>.Shared.Return(_hashes);
        }

        /// <summary>Where to write the next leaf's payload (flushes first when the batch is full).</summary>
        public Span<byte> Next()
        {
            if (_count == _capacity)
            {
                Flush();
            }

            return _payloads.AsSpan(_count * _slotLength, _slotLength);
        }

        /// <summary>Queues the leaf whose payload (of <paramref name="length"/> bytes) was just written to <see cref="Next"/>.</summary>
        public void Add(int position, int step, int length)
        {
            _leaves[_count] = (position, step);
            _ranges[_count] = new Range(_count * _slotLength, (_count * _slotLength) + length);
            _count++;
        }

        /// <summary>Hashes the queued leaves and hands them to the sink in order.</summary>
        public void Flush()
        {
            var count = _count;
            _count = 0;
            TreeHash.LeavesInto(_payloads, _ranges.AsSpan(0, count), _hashes);
            for (var i = 0; i < count; i++)
            {
                _sink.OnLeaf(_leaves[i].Position, _leaves[i].Step, _payloads.AsSpan(_ranges[i]), _hashes.AsSpan(32 * i, 32));
            }
        }
    }
}
