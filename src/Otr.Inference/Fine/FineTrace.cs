using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Otr.Protocol;

namespace Otr.Inference.Fine;

/// <summary>
/// The fine trace of one coarse step (docs/dispute-ops.md): every fine leaf payload and hash, in
/// order, computed from the step's inputs only (the earlier coarse leaves it depends on, the token,
/// the decoding parameters and the model). The last leaf is the coarse leaf of the step.
/// </summary>
public sealed class FineTrace
{
    /// <summary>Bytes of a fine leaf header: <c>uint32 t ‖ uint32 (0x80000000 | step) ‖ uint32 op ‖ uint32 head ‖ uint32 block</c>.</summary>
    public const int HeaderLength = 20;

    /// <summary>The flag set in the step word of every fine header (coarse leaves have step ≤ L+1 &lt; 2^31).</summary>
    public const uint FineFlag = 0x8000_0000;

    private readonly byte[][] _payloads;
    private readonly Bytes32[] _leaves;

    private FineTrace(CoarseStep step, byte[][] payloads)
    {
        Step = step;
        _payloads = payloads;
        _leaves = Array.ConvertAll(payloads, p => TreeHash.Leaf(p));
    }

    /// <summary>The coarse step this fine trace expands.</summary>
    public CoarseStep Step { get; }

    /// <summary>Fine leaf payloads in order.</summary>
    public IReadOnlyList<byte[]> Payloads => _payloads;

    /// <summary>Fine leaf hashes <c>keccak(0x00 ‖ payload)</c> in order.</summary>
    public IReadOnlyList<Bytes32> Leaves => _leaves;

    /// <summary>Number of fine leaves (<see cref="FineLayout.FineLength"/>).</summary>
    public int Length => _payloads.Length;

    /// <summary>The coarse leaf hash (the last fine leaf).</summary>
    public Bytes32 CoarseLeaf => _leaves[^1];

    /// <summary>
    /// The fine trace of coarse step <paramref name="k"/> of a request, from the coarse leaf payloads
    /// of the trace (only the leaves the step depends on are read: (t, l−1) and (j, l) for j &lt; t).
    /// </summary>
    public static FineTrace ForCoarseIndex(Q8Model model, IReadOnlyList<byte[]> coarsePayloads, IReadOnlyList<int> tokens, int promptTokens, DecodingParams parameters, long k)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(coarsePayloads);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(parameters);
        var layout = new FineLayout(model.Config);
        var step = layout.Locate(promptTokens, k);
        var kind = layout.Kind(step);
        if (kind == StepKind.Embed)
        {
            return Embed(model, step.Position, tokens[step.Position]);
        }

        var previous = coarsePayloads[(int)(k - 1)];
        if (kind == StepKind.Emit)
        {
            return Emit(model, step.Position, previous, parameters);
        }

        var past = new byte[step.Position][];
        for (var j = 0; j < step.Position; j++)
        {
            past[j] = coarsePayloads[(int)layout.CoarseIndex(promptTokens, j, step.Step)];
        }

        return Layer(model, step.Position, step.Step, previous, past);
    }

    /// <summary>The fine trace of the embedding step (t, 0): the coarse leaf only.</summary>
    public static FineTrace Embed(Q8Model model, int position, int token)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = model.Config;
        ArgumentOutOfRangeException.ThrowIfNegative(token);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(token, c.VocabSize);
        var h = new ReferenceInterpreter(model).Embed(token, position);
        var payload = new byte[8 + c.Dim];
        TraceLeafPayload.Embedding(payload, position, h);
        return new FineTrace(new CoarseStep(position, 0), [payload]);
    }

    /// <summary>
    /// The fine trace of layer step (t, l) from coarse leaf (t, l−1) and the coarse leaves (j, l), j &lt; t.
    /// </summary>
    public static FineTrace Layer(Q8Model model, int position, int layer, ReadOnlySpan<byte> previous, IReadOnlyList<byte[]> pastLeaves)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pastLeaves);
        var c = model.Config;
        ArgumentOutOfRangeException.ThrowIfLessThan(layer, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layer, c.Layers);
        int d = c.Dim, dh = c.HeadDim, t = position;
        var step = new CoarseStep(t, layer);
        var layout = new FineLayout(c);
        var payloads = new byte[layout.FineLength(step, greedy: true)][];
        void Put(FineOp op, int head, int block, byte[] payload) => payloads[layout.IndexOf(step, new FineStep(op, head, block))] = payload;

        var h = Hidden(previous, t, layer - 1, d);
        if (pastLeaves.Count != t)
        {
            throw new ArgumentException($"layer step at position {t} needs {t} earlier leaves of layer {layer}, got {pastLeaves.Count}", nameof(pastLeaves));
        }

        var keys = new sbyte[t + 1][];
        var values = new sbyte[t + 1][];
        for (var j = 0; j < t; j++)
        {
            CheckCoarseHeader(pastLeaves[j], j, layer, 8 + (3 * d));
            keys[j] = AsSBytes(pastLeaves[j].AsSpan(8 + d, d));
            values[j] = AsSBytes(pastLeaves[j].AsSpan(8 + (2 * d), d));
        }

        var w = model.LayerWeights[layer - 1];
        var n = new sbyte[d];
        Q8Ops.RmsNorm(h, w.AttnNorm, n);
        Put(FineOp.Norm1, 0, 0, Header(t, layer, FineOp.Norm1, 0, 0).Bytes(n).Done());
        var q = new sbyte[d];
        keys[t] = new sbyte[d];
        values[t] = new sbyte[d];
        Q8Ops.Project(w.Wq, n, c.Query, q);
        Q8Ops.Project(w.Wk, n, c.Key, keys[t]);
        Q8Ops.Project(w.Wv, n, c.Value, values[t]);
        for (var b = 0; b < FineLayout.Blocks(d); b++)
        {
            var (lo, len) = BlockRange(b, d);
            Put(FineOp.Query, 0, b, Header(t, layer, FineOp.Query, 0, b).Bytes(q.AsSpan(lo, len)).Done());
            Put(FineOp.Key, 0, b, Header(t, layer, FineOp.Key, 0, b).Bytes(keys[t].AsSpan(lo, len)).Done());
            Put(FineOp.Value, 0, b, Header(t, layer, FineOp.Value, 0, b).Bytes(values[t].AsSpan(lo, len)).Done());
        }

        var o = new sbyte[d];
        var p = FineLayout.Blocks(t + 1);
        var scores = new long[t + 1];
        for (var head = 0; head < c.Heads; head++)
        {
            var off = head * dh;
            var max = long.MinValue;
            for (var cb = 0; cb < p; cb++)
            {
                var (lo, len) = BlockRange(cb, t + 1);
                for (var j = lo; j < lo + len; j++)
                {
                    long dot = 0;
                    for (var i = 0; i < dh; i++)
                    {
                        dot += q[off + i] * keys[j][off + i];
                    }

                    scores[j] = c.Score.Scale(dot);
                    max = Math.Max(max, scores[j]);
                }

                var pw = Header(t, layer, FineOp.Score, head, cb).Int64(max);
                for (var j = lo; j < lo + len; j++)
                {
                    pw.Int64(scores[j]);
                }

                Put(FineOp.Score, head, cb, pw.Done());
            }

            long z = 0;
            for (var cb = 0; cb < p; cb++)
            {
                var (lo, len) = BlockRange(cb, t + 1);
                for (var j = lo; j < lo + len; j++)
                {
                    z += model.ExpTable[(int)Math.Min(Q8Ops.TableSize - 1, max - scores[j])];
                }

                Put(FineOp.Sum, head, cb, Header(t, layer, FineOp.Sum, head, cb).Int64(z).Done());
            }

            var mix = new long[dh];
            for (var cb = 0; cb < p; cb++)
            {
                var (lo, len) = BlockRange(cb, t + 1);
                for (var j = lo; j < lo + len; j++)
                {
                    long e = model.ExpTable[(int)Math.Min(Q8Ops.TableSize - 1, max - scores[j])];
                    var pj = (e << c.ProbShift) / z;
                    for (var i = 0; i < dh; i++)
                    {
                        mix[i] += pj * values[j][off + i];
                    }
                }

                var pw = Header(t, layer, FineOp.Mix, head, cb);
                foreach (var m in mix)
                {
                    pw.Int64(m);
                }

                Put(FineOp.Mix, head, cb, pw.Done());
            }

            for (var i = 0; i < dh; i++)
            {
                o[off + i] = c.AttnMix.Apply(mix[i]);
            }

            Put(FineOp.Head, head, 0, Header(t, layer, FineOp.Head, head, 0).Bytes(o.AsSpan(0, off + dh)).Done());
        }

        var a = new sbyte[d];
        Q8Ops.Project(w.Wo, o, c.AttnOut, a);
        ProjectBlocks(a, FineOp.AttnOut);
        var h1 = h.ToArray();
        Q8Ops.AddResidual(h1, a);
        Put(FineOp.Residual, 0, 0, Header(t, layer, FineOp.Residual, 0, 0).Bytes(h1).Done());
        var n2 = new sbyte[d];
        Q8Ops.RmsNorm(h1, w.MlpNorm, n2);
        Put(FineOp.Norm2, 0, 0, Header(t, layer, FineOp.Norm2, 0, 0).Bytes(n2).Done());
        var u = new sbyte[c.MlpDim];
        var g = new sbyte[c.MlpDim];
        Q8Ops.Project(w.W1, n2, c.MlpUp, u);
        Q8Ops.Activate(u, model.ActTable, g);
        for (var b = 0; b < FineLayout.Blocks(c.MlpDim); b++)
        {
            var (lo, len) = BlockRange(b, c.MlpDim);
            Put(FineOp.Up, 0, b, Header(t, layer, FineOp.Up, 0, b).Bytes(u.AsSpan(lo, len)).Bytes(g.AsSpan(lo, len)).Done());
        }

        var dd = new sbyte[d];
        Q8Ops.Project(w.W2, g, c.MlpDown, dd);
        ProjectBlocks(dd, FineOp.Down);
        var h2 = h1.ToArray();
        Q8Ops.AddResidual(h2, dd);
        var coarse = new byte[8 + (3 * d)];
        TraceLeafPayload.Layer(coarse, t, layer, h2, keys[t], values[t]);
        Put(FineOp.LayerOut, 0, 0, coarse);
        return new FineTrace(step, payloads);

        void ProjectBlocks(sbyte[] y, FineOp op)
        {
            for (var b = 0; b < FineLayout.Blocks(y.Length); b++)
            {
                var (lo, len) = BlockRange(b, y.Length);
                Put(op, 0, b, Header(t, layer, op, 0, b).Bytes(y.AsSpan(lo, len)).Done());
            }
        }
    }

    /// <summary>The fine trace of the emit step (t, L+1) from coarse leaf (t, L) and the decoding parameters.</summary>
    public static FineTrace Emit(Q8Model model, int position, ReadOnlySpan<byte> previous, DecodingParams parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        var c = model.Config;
        int t = position, step = c.Layers + 1, v = c.VocabSize;
        var coarseStep = new CoarseStep(t, step);
        var layout = new FineLayout(c);
        var greedy = parameters.IsGreedy;
        var payloads = new byte[layout.FineLength(coarseStep, greedy)][];
        void Put(FineOp op, int block, byte[] payload) => payloads[layout.IndexOf(coarseStep, new FineStep(op, 0, block))] = payload;

        var h = Hidden(previous, t, c.Layers, c.Dim);
        var n = new sbyte[c.Dim];
        Q8Ops.RmsNorm(h, model.FinalNorm, n);
        Put(FineOp.FinalNorm, 0, Header(t, step, FineOp.FinalNorm, 0, 0).Bytes(n).Done());
        var z = new int[v];
        Q8Ops.MatVec(model.OutputWeights, n, z);
        for (var i = 0; i < v; i++)
        {
            z[i] += model.HeadBias[i];
        }

        var nb = FineLayout.Blocks(v);
        int best = 0, bestValue = z[0];
        for (var b = 0; b < nb; b++)
        {
            var (lo, len) = BlockRange(b, v);
            var pw = Header(t, step, FineOp.Logits, 0, b);
            for (var i = lo; i < lo + len; i++)
            {
                pw.Int32(z[i]);
                if (z[i] > bestValue)
                {
                    (best, bestValue) = (i, z[i]);
                }
            }

            Put(FineOp.Logits, b, pw.Done());
            Put(FineOp.ArgMax, b, Header(t, step, FineOp.ArgMax, 0, b).Int32(bestValue).Int32(best).Done());
        }

        var token = best;
        if (!greedy)
        {
            long zmax = bestValue;
            var weights = new long[v];
            long total = 0;
            for (var b = 0; b < nb; b++)
            {
                var (lo, len) = BlockRange(b, v);
                for (var i = lo; i < lo + len; i++)
                {
                    var dist = Math.Min(Q8Ops.TableSize - 1, (zmax - z[i]) * c.SampleScale / parameters.TemperatureMilli);
                    weights[i] = model.SampleExpTable[(int)dist];
                    total += weights[i];
                }

                Put(FineOp.SampleWeight, b, Header(t, step, FineOp.SampleWeight, 0, b).Int64(total).Done());
            }

            var r = (long)(SplitMix64.At(parameters.Seed, (ulong)t) % (ulong)total);
            long cumulative = 0;
            var chosen = -1;
            for (var b = 0; b < nb; b++)
            {
                var (lo, len) = BlockRange(b, v);
                for (var i = lo; i < lo + len && chosen < 0; i++)
                {
                    cumulative += weights[i];
                    if (cumulative > r)
                    {
                        chosen = i;
                    }
                }

                Put(FineOp.Pick, b, Header(t, step, FineOp.Pick, 0, b).Int64(cumulative).Int32(chosen).Done());
            }

            token = chosen;
        }

        var coarse = new byte[12];
        TraceLeafPayload.Token(coarse, t, step, token);
        payloads[^1] = coarse;
        return new FineTrace(coarseStep, payloads);
    }

    /// <summary>Rows <c>[b·B, min(count, (b+1)·B))</c> of block b: (first row, row count).</summary>
    public static (int First, int Count) BlockRange(int block, int count)
    {
        var lo = block * FineLayout.BlockSize;
        return (lo, Math.Min(FineLayout.BlockSize, count - lo));
    }

    /// <summary>Fine leaf header <c>uint32 t ‖ uint32 (0x80000000 | step) ‖ uint32 op ‖ uint32 head ‖ uint32 block</c>.</summary>
    public static byte[] HeaderBytes(int position, int step, FineOp op, int head, int block) => Header(position, step, op, head, block).Done();

    private static PayloadWriter Header(int position, int step, FineOp op, int head, int block) =>
        new PayloadWriter().UInt32((uint)position).UInt32(FineFlag | (uint)step).UInt32((uint)op).UInt32((uint)head).UInt32((uint)block);

    private static sbyte[] Hidden(ReadOnlySpan<byte> payload, int position, int step, int d)
    {
        CheckCoarseHeader(payload, position, step, step == 0 ? 8 + d : 8 + (3 * d));
        return AsSBytes(payload.Slice(8, d));
    }

    private static void CheckCoarseHeader(ReadOnlySpan<byte> payload, int position, int step, int length)
    {
        if (payload.Length != length
            || BinaryPrimitives.ReadUInt32BigEndian(payload) != (uint)position
            || BinaryPrimitives.ReadUInt32BigEndian(payload[4..]) != (uint)step)
        {
            throw new ArgumentException($"expected the {length}-byte coarse leaf payload of (t = {position}, step {step})");
        }
    }

    private static sbyte[] AsSBytes(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, sbyte>(bytes).ToArray();

    private sealed class PayloadWriter
    {
        private readonly List<byte> _bytes = new(64);

        public PayloadWriter UInt32(uint value)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
            return Raw(b);
        }

        public PayloadWriter Int32(int value) => UInt32(unchecked((uint)value));

        public PayloadWriter Int64(long value)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(b, value);
            return Raw(b);
        }

        public PayloadWriter Bytes(ReadOnlySpan<sbyte> values) => Raw(MemoryMarshal.AsBytes(values));

        public byte[] Done() => [.. _bytes];

        private PayloadWriter Raw(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                _bytes.Add(b);
            }

            return this;
        }
    }
}
