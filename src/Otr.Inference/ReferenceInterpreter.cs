using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// The q8-exact reference interpreter: plain C#, written for clarity, the specification in code.
/// Besides full generation it exposes the coarse steps one by one (<see cref="Embed"/>,
/// <see cref="Layer"/>, <see cref="Logits"/>) so a verifier can recompute a single disputed step
/// from the leaves it depends on. Thread-safe (no shared mutable state).
/// </summary>
public sealed class ReferenceInterpreter : IQ8Engine
{
    /// <summary>Creates an interpreter for the model.</summary>
    public ReferenceInterpreter(Q8Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
    }

    /// <inheritdoc />
    public Q8Model Model { get; }

    /// <summary>Optional observer of intermediate vectors (tests tune the demo model with it).</summary>
    internal Q8Probe? Probe { get; set; }

    private Q8ModelConfig Config => Model.Config;

    /// <inheritdoc />
    public GenerationResult Generate(IReadOnlyList<int> promptTokens, DecodingParams parameters, ITraceSink? sink = null)
    {
        using var stepper = new Stepper(this);
        return DecodeLoop.Run(Model, stepper, promptTokens, parameters, sink);
    }

    /// <inheritdoc />
    public GenerationResult Replay(IReadOnlyList<int> promptTokens, IReadOnlyList<int> outputTokens, DecodingParams parameters, ITraceSink? sink = null)
    {
        ArgumentNullException.ThrowIfNull(outputTokens);
        using var stepper = new Stepper(this);
        return DecodeLoop.Run(Model, stepper, promptTokens, parameters, sink, outputTokens);
    }

    /// <summary>Step 0 at position t: <c>h = clamp8(E[token] + P[t])</c>.</summary>
    public sbyte[] Embed(int token, int position)
    {
        var h = new sbyte[Config.Dim];
        EmbedInto(token, position, h);
        return h;
    }

    /// <summary>
    /// Layer step (t = <paramref name="position"/>, l = <paramref name="layer"/>, 1-based) from the
    /// previous step's output and the keys/values layer l produced for positions 0..t−1.
    /// </summary>
    public Q8LayerOutput Layer(int layer, ReadOnlySpan<sbyte> input, int position, IReadOnlyList<sbyte[]> pastKeys, IReadOnlyList<sbyte[]> pastValues)
    {
        ArgumentNullException.ThrowIfNull(pastKeys);
        ArgumentNullException.ThrowIfNull(pastValues);
        ArgumentOutOfRangeException.ThrowIfLessThan(layer, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layer, Config.Layers);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, Config.ContextLength);
        var d = Config.Dim;
        if (input.Length != d || pastKeys.Count != position || pastValues.Count != position)
        {
            throw new ArgumentException($"layer step needs a {d}-wide input and exactly {position} past keys and values");
        }

        var keys = new sbyte[(position + 1) * d];
        var values = new sbyte[(position + 1) * d];
        for (var j = 0; j < position; j++)
        {
            pastKeys[j].AsSpan(0, d).CopyTo(keys.AsSpan(j * d));
            pastValues[j].AsSpan(0, d).CopyTo(values.AsSpan(j * d));
        }

        var h = input.ToArray();
        LayerStep(layer, h, position, keys, values);
        return new Q8LayerOutput(h, keys.AsSpan(position * d, d).ToArray(), values.AsSpan(position * d, d).ToArray());
    }

    /// <summary>The head: <c>z = W_out · norm(h_L) + bias</c> (int32 logits, V of them).</summary>
    public int[] Logits(ReadOnlySpan<sbyte> finalHidden)
    {
        var z = new int[Config.VocabSize];
        LogitsInto(finalHidden, z);
        return z;
    }

    private void EmbedInto(int token, int position, Span<sbyte> h)
    {
        var d = Config.Dim;
        var e = Model.TokenEmbedding.AsSpan(token * d, d);
        var p = Model.PositionEmbedding.AsSpan(position * d, d);
        for (var i = 0; i < d; i++)
        {
            h[i] = Q8Ops.Clamp8(e[i] + p[i]);
        }
    }

    /// <summary>
    /// Layer <paramref name="layer"/> at position t: writes k_t, v_t into row t of
    /// <paramref name="keys"/>/<paramref name="values"/> (rows 0..t−1 hold the past) and updates h in place.
    /// </summary>
    private void LayerStep(int layer, Span<sbyte> h, int t, Span<sbyte> keys, Span<sbyte> values)
    {
        var c = Config;
        var w = Model.LayerWeights[layer - 1];
        int d = c.Dim, dh = c.HeadDim;

        // 1. attention input norm and projections
        Span<sbyte> n = stackalloc sbyte[d];
        Span<sbyte> q = stackalloc sbyte[d];
        Q8Ops.RmsNorm(h, w.AttnNorm, n);
        Q8Ops.Project(w.Wq, n, c.Query, q);
        Q8Ops.Project(w.Wk, n, c.Key, keys.Slice(t * d, d));
        Q8Ops.Project(w.Wv, n, c.Value, values.Slice(t * d, d));
        Probe?.Invoke($"{layer}.attn_norm", n);
        Probe?.Invoke($"{layer}.q", q);
        Probe?.Invoke($"{layer}.k", keys.Slice(t * d, d));
        Probe?.Invoke($"{layer}.v", values.Slice(t * d, d));

        // 2. per head: scores, integer softmax, weighted sum of values
        Span<sbyte> o = stackalloc sbyte[d];
        var scores = new long[t + 1];
        var p = new long[t + 1];
        for (var head = 0; head < c.Heads; head++)
        {
            var off = head * dh;
            for (var j = 0; j <= t; j++)
            {
                long dot = 0;
                for (var i = 0; i < dh; i++)
                {
                    dot += q[off + i] * keys[(j * d) + off + i];
                }

                scores[j] = c.Score.Scale(dot);
            }

            Q8Ops.Softmax(scores, Model.ExpTable, c.ProbShift, p);
            for (var i = 0; i < dh; i++)
            {
                long mix = 0;
                for (var j = 0; j <= t; j++)
                {
                    mix += p[j] * values[(j * d) + off + i];
                }

                o[off + i] = c.AttnMix.Apply(mix);
            }
        }

        // 3. output projection and residual
        Span<sbyte> a = stackalloc sbyte[d];
        Q8Ops.Project(w.Wo, o, c.AttnOut, a);
        Probe?.Invoke($"{layer}.o", o);
        Probe?.Invoke($"{layer}.a", a);
        Q8Ops.AddResidual(h, a);
        Probe?.Invoke($"{layer}.h_attn", h);

        // 4. MLP: norm, up projection, activation table, down projection, residual
        Span<sbyte> u = stackalloc sbyte[c.MlpDim];
        Span<sbyte> g = stackalloc sbyte[c.MlpDim];
        Q8Ops.RmsNorm(h, w.MlpNorm, n);
        Q8Ops.Project(w.W1, n, c.MlpUp, u);
        Q8Ops.Activate(u, Model.ActTable, g);
        Q8Ops.Project(w.W2, g, c.MlpDown, a);
        Probe?.Invoke($"{layer}.mlp_norm", n);
        Probe?.Invoke($"{layer}.u", u);
        Probe?.Invoke($"{layer}.g", g);
        Probe?.Invoke($"{layer}.d", a);
        Q8Ops.AddResidual(h, a);
        Probe?.Invoke($"{layer}.h", h);
    }

    private void LogitsInto(ReadOnlySpan<sbyte> h, Span<int> z)
    {
        Span<sbyte> n = stackalloc sbyte[Config.Dim];
        Q8Ops.RmsNorm(h, Model.FinalNorm, n);
        Probe?.Invoke("final_norm", n);
        Q8Ops.MatVec(Model.OutputWeights, n, z);
        for (var i = 0; i < z.Length; i++)
        {
            z[i] += Model.HeadBias[i];
        }
    }

    /// <summary>Generation state: the K/V cache of every layer, the trace rows of the last step and the logits.</summary>
    private sealed class Stepper(ReferenceInterpreter owner) : IQ8Stepper
    {
        private readonly int _parts = 1 + (3 * owner.Config.Layers);
        private readonly sbyte[][] _keys = NewCache(owner.Config);
        private readonly sbyte[][] _values = NewCache(owner.Config);
        private readonly int[] _logits = new int[owner.Config.VocabSize];
        private sbyte[] _trace = [];

        public ReadOnlySpan<int> Logits => _logits;

        public ReadOnlySpan<sbyte> Row(int index, int part)
        {
            var d = owner.Config.Dim;
            return _trace.AsSpan(((index * _parts) + part) * d, d);
        }

        public int Step(ReadOnlySpan<int> tokens, int start, bool needLogits)
        {
            var c = owner.Config;
            var d = c.Dim;
            if (_trace.Length < tokens.Length * _parts * d)
            {
                _trace = new sbyte[tokens.Length * _parts * d];
            }

            Span<sbyte> h = stackalloc sbyte[d];
            for (var i = 0; i < tokens.Length; i++)
            {
                var t = start + i;
                var rows = _trace.AsSpan(i * _parts * d, _parts * d);
                owner.EmbedInto(tokens[i], t, h);
                h.CopyTo(rows);
                for (var l = 1; l <= c.Layers; l++)
                {
                    var keys = _keys[l - 1].AsSpan(0, (t + 1) * d);
                    var values = _values[l - 1].AsSpan(0, (t + 1) * d);
                    owner.LayerStep(l, h, t, keys, values);
                    var row = (1 + (3 * (l - 1))) * d;
                    h.CopyTo(rows[row..]);
                    keys.Slice(t * d, d).CopyTo(rows[(row + d)..]);
                    values.Slice(t * d, d).CopyTo(rows[(row + (2 * d))..]);
                }
            }

            if (!needLogits)
            {
                return -1;
            }

            owner.LogitsInto(h, _logits);
            return Q8Ops.ArgMax(_logits);
        }

        public void Dispose()
        {
        }

        private static sbyte[][] NewCache(Q8ModelConfig c)
        {
            var cache = new sbyte[c.Layers][];
            for (var l = 0; l < c.Layers; l++)
            {
                cache[l] = new sbyte[c.ContextLength * c.Dim];
            }

            return cache;
        }
    }
}
