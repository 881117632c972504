using Otr.Inference.Onnx;

namespace Otr.Inference;

/// <summary>
/// Builds the ONNX graph that processes N ≥ 1 consecutive positions t0..t0+N−1 of one sequence
/// given the K/V cache of positions 0..t0−1 (N = prompt length for prefill, N = 1 per generated
/// token). Integer ops only; isqrt is Cast→double, Sqrt, Cast (exact for the int32 range, as
/// docs/q8-exact.md allows).
/// Inputs: <c>tokens</c>, <c>positions</c> (int64 [N]); <c>keep</c> and <c>penalty</c> (int64
/// [N, t0+N]: 1 and 0 where position t0+i may attend to j, i.e. j ≤ t0+i, else 0 and −2^60);
/// per layer l <c>past_k_l</c>, <c>past_v_l</c> (int64 [t0, D]).
/// Outputs: <c>trace</c> (int8 [(1+3L)·N, D], part-major: part 0 = h0, then h_l, k_l, v_l per layer,
/// each N rows), <c>logits</c> (int32 [1, V], last position) and <c>next_token</c> (int64 [1],
/// ArgMax with ties to the lowest id). Weight matrices are stored transposed for MatMulInteger.
/// </summary>
public static class Q8OnnxGraph
{
    /// <summary>ONNX opset the graph targets.</summary>
    public const int Opset = 17;

    /// <summary>ONNX IR version of the model proto.</summary>
    public const int IrVersion = 8;

    /// <summary>Input: token ids (int64 [N]).</summary>
    public const string TokensInput = "tokens";

    /// <summary>Input: positions t0..t0+N−1 (int64 [N]).</summary>
    public const string PositionsInput = "positions";

    /// <summary>Input: attention keep mask, 1 = may attend (int64 [N, t0+N]).</summary>
    public const string KeepInput = "keep";

    /// <summary>Input: attention score penalty, 0 or −2^60 (int64 [N, t0+N]).</summary>
    public const string PenaltyInput = "penalty";

    /// <summary>Output: logits of the last position (int32 [1, V]).</summary>
    public const string LogitsOutput = "logits";

    /// <summary>Output: greedy token of the last position (int64 [1]).</summary>
    public const string NextTokenOutput = "next_token";

    /// <summary>Output: trace rows (int8 [(1+3L)·N, D], part-major).</summary>
    public const string TraceOutput = "trace";

    /// <summary>The score penalty of a masked pair (−2^60, far below any reachable score).</summary>
    public const long MaskPenalty = -(1L << 60);

    /// <summary>Input name of layer <paramref name="layer"/>'s (1-based) key cache.</summary>
    public static string PastKeyInput(int layer) => $"past_k_{layer}";

    /// <summary>Input name of layer <paramref name="layer"/>'s (1-based) value cache.</summary>
    public static string PastValueInput(int layer) => $"past_v_{layer}";

    /// <summary>The serialized ONNX ModelProto for the model.</summary>
    public static byte[] Build(Q8Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new Writer(model).Build();
    }

    private sealed class Writer(Q8Model model)
    {
        private const long Dynamic = -1;
        private readonly OnnxGraphBuilder _g = new();
        private readonly Q8ModelConfig _c = model.Config;
        private string _expTable = string.Empty;
        private string _actTable = string.Empty;
        private string _zeroPoint = string.Empty;

        public byte[] Build()
        {
            int d = _c.Dim, v = _c.VocabSize, ctx = _c.ContextLength;
            var tokens = _g.Input(TokensInput, OnnxDataType.Int64, Dynamic);
            var positions = _g.Input(PositionsInput, OnnxDataType.Int64, Dynamic);
            _g.Input(KeepInput, OnnxDataType.Int64, Dynamic, Dynamic);
            _g.Input(PenaltyInput, OnnxDataType.Int64, Dynamic, Dynamic);
            for (var l = 1; l <= _c.Layers; l++)
            {
                _g.Input(PastKeyInput(l), OnnxDataType.Int64, Dynamic, d);
                _g.Input(PastValueInput(l), OnnxDataType.Int64, Dynamic, d);
            }

            _expTable = _g.Int64("exp_table", Widen(model.ExpTable), Q8Ops.TableSize);
            _actTable = _g.UInt8("act_table_u8", [.. model.ActTable.Select(a => (byte)(a + 128))], Q8Ops.TableSize);
            _zeroPoint = _g.UInt8("zero_point_128", [128]);

            // step 0: h = clamp8(E[token] + P[t])  [N, D]
            var e = _g.Node("Gather", [_g.Int64("tok_emb", Widen(model.TokenEmbedding), v, d), tokens], ("axis", 0L));
            var p = _g.Node("Gather", [_g.Int64("pos_emb", Widen(model.PositionEmbedding), ctx, d), positions], ("axis", 0L));
            var h = Clamp8(_g.Node("Add", [e, p]));
            var traceParts = new List<string> { h };

            for (var l = 1; l <= _c.Layers; l++)
            {
                h = Layer(l, h, traceParts);
            }

            // head on the last position: z = W_out · norm(h_L) + bias; greedy = ArgMax (first maximum)
            var last = _g.Node("Slice", [h, _g.ConstInt64s(-1), _g.ConstInt64s(long.MaxValue), _g.ConstInt64s(0)]);
            var n = Norm(last, model.FinalNorm, "final_norm");
            var z = MatMul(n, _g.Int8("w_out_t", Transpose(model.OutputWeights, v, d), d, v));
            _g.NodeNamed("Add", LogitsOutput, [z, _g.Int32("head_bias", model.HeadBias, v)]);
            _g.NodeNamed("ArgMax", NextTokenOutput, [LogitsOutput], ("axis", 1L), ("keepdims", 0L), ("select_last_index", 0L));
            // every trace part is already clamped to [-128, 127]: one Concat in int64, one Cast to int8
            _g.NodeNamed("Cast", TraceOutput, [_g.Node("Concat", traceParts, ("axis", 0L))], ("to", (long)OnnxDataType.Int8));
            _g.Output(TraceOutput, OnnxDataType.Int8, Dynamic, d);
            _g.Output(LogitsOutput, OnnxDataType.Int32, 1, v);
            _g.Output(NextTokenOutput, OnnxDataType.Int64, 1);
            return _g.ToModelBytes(
                "q8_step",
                $"q8-exact step of model '{model.Name}' (weights root {model.WeightsRoot})",
                Opset,
                IrVersion);
        }

        private string Layer(int l, string h, List<string> traceParts)
        {
            var w = model.LayerWeights[l - 1];
            int d = _c.Dim, f = _c.MlpDim, heads = _c.Heads, dh = _c.HeadDim;
            var pre = $"layer{l}.";

            // fused q/k/v projection: one MatMulInteger, per-column multiplier and divisor
            var n = Norm(h, w.AttnNorm, pre + "attn_norm");
            var wqkv = new sbyte[d * 3 * d];
            TransposeInto(w.Wq, d, d, wqkv, 3 * d, 0);
            TransposeInto(w.Wk, d, d, wqkv, 3 * d, d);
            TransposeInto(w.Wv, d, d, wqkv, 3 * d, 2 * d);
            var acc = Cast(MatMul(n, _g.Int8(pre + "wqkv_t", wqkv, d, 3 * d)), OnnxDataType.Int64);
            Q8Requant[] rqs = [_c.Query, _c.Key, _c.Value];
            if (rqs.Any(r => r.Multiplier != 1))
            {
                acc = _g.Node("Mul", [acc, _g.Int64(pre + "qkv_mult", PerColumn(rqs, d, r => r.Multiplier), 3 * d)]);
            }

            var qkv = Clamp8(_g.Node("Div", [acc, _g.Int64(pre + "qkv_div", PerColumn(rqs, d, r => r.Divisor), 3 * d)]));
            var split = _g.NodeMulti("Split", 3, [qkv, _g.ConstInt64s(d, d, d)], ("axis", 1L));
            var (q, k, v) = (split[0], split[1], split[2]);

            // keys and values of positions 0..t0+N−1, per head
            var keys = _g.Node("Concat", [PastKeyInput(l), k], ("axis", 0L));
            var values = _g.Node("Concat", [PastValueInput(l), v], ("axis", 0L));
            var qh = _g.Node("Transpose", [_g.Node("Reshape", [q, _g.ConstInt64s(-1, heads, dh)])], ("perm", new long[] { 1, 0, 2 }));
            var khT = _g.Node("Transpose", [_g.Node("Reshape", [keys, _g.ConstInt64s(-1, heads, dh)])], ("perm", new long[] { 1, 2, 0 }));
            var vh = _g.Node("Transpose", [_g.Node("Reshape", [values, _g.ConstInt64s(-1, heads, dh)])], ("perm", new long[] { 1, 0, 2 }));

            // scores s = (q·k · ms) / 2^ss: [H, N, t0+N]
            var s = Scale(_g.Node("MatMul", [qh, khT]), _c.Score);

            // integer softmax over allowed j: m = max s, e = EXP[min(255, m − s)] (0 where masked), p = e·2^P / Σe
            var max = _g.Node("ReduceMax", [_g.Node("Add", [s, PenaltyInput])], ("axes", new long[] { 2 }), ("keepdims", 1L));
            var dist = Clip(_g.Node("Sub", [max, s]), 0, Q8Ops.TableSize - 1);
            var ex = _g.Node("Mul", [_g.Node("Gather", [_expTable, dist], ("axis", 0L)), KeepInput]);
            var z = _g.Node("ReduceSum", [ex, _g.ConstInt64s(2)], ("keepdims", 1L));
            var prob = _g.Node("Div", [_g.Node("Mul", [ex, _g.ConstInt64(1L << _c.ProbShift, scalar: true)]), z]);

            // o = rq(Σ_j p_j · v_j): [H, N, Dh] → [N, D]
            var mix = _g.Node("Transpose", [_g.Node("MatMul", [prob, vh])], ("perm", new long[] { 1, 0, 2 }));
            var o = ToOffsetUInt8(Clamp8(Scale(_g.Node("Reshape", [mix, _g.ConstInt64s(-1, d)]), _c.AttnMix)));

            // a = rq(Wo · o); h' = clamp8(h + a)
            var a = Requant(MatMul(o, _g.Int8(pre + "wo_t", Transpose(w.Wo, d, d), d, d)), _c.AttnOut);
            h = Clamp8(_g.Node("Add", [h, a]));

            // MLP: u = rq(W1 · norm(h')); g = ACT[u + 128]; d = rq(W2 · g); h'' = clamp8(h' + d)
            var n2 = Norm(h, w.MlpNorm, pre + "mlp_norm");
            var u = Requant(MatMul(n2, _g.Int8(pre + "w1_t", Transpose(w.W1, f, d), d, f)), _c.MlpUp);
            // the activation table is stored as ACT + 128 (uint8), the offset form MatMul takes
            var g = _g.Node("Gather", [_actTable, _g.Node("Add", [u, _g.ConstInt64(128, scalar: true)])], ("axis", 0L));
            var down = Requant(MatMul(g, _g.Int8(pre + "w2_t", Transpose(w.W2, d, f), f, d)), _c.MlpDown);
            h = Clamp8(_g.Node("Add", [h, down]));

            traceParts.Add(h);
            traceParts.Add(k);
            traceParts.Add(v);
            return h;
        }

        /// <summary>
        /// <c>x · W</c> in int32 for int8 activations given in offset form (<c>x + 128</c> as uint8,
        /// zero point 128): MatMulInteger computes <c>Σ (a − 128) · w</c> exactly, and uint8 × int8 is
        /// ONNX Runtime's fast kernel.
        /// </summary>
        private string MatMul(string offsetActivations, string weights) =>
            _g.Node("MatMulInteger", [offsetActivations, weights, _zeroPoint]);

        /// <summary>An int64 value in [-128, 127] as uint8 <c>x + 128</c>.</summary>
        private string ToOffsetUInt8(string x64) => Cast(_g.Node("Add", [x64, _g.ConstInt64(128, scalar: true)]), OnnxDataType.UInt8);

        /// <summary>RMSNorm of int64 [N, D] rows; returns the int8 result in offset form (uint8 y + 128).</summary>
        private string Norm(string x, sbyte[] gain, string name)
        {
            var ss = _g.Node("ReduceSumSquare", [x], ("axes", new long[] { 1 }), ("keepdims", 1L));
            var meanSquare = _g.Node("Div", [ss, _g.ConstInt64(_c.Dim, scalar: true)]);

            // isqrt(n) = Cast<int64>(Sqrt(Cast<double>(n))): the cast truncates, and floor(√n) is exact for n < 2^52
            var root = Cast(_g.Node("Sqrt", [Cast(meanSquare, OnnxDataType.Double)]), OnnxDataType.Int64);
            var r = _g.Node("Max", [root, _g.ConstInt64(1, scalar: true)]);
            var y = _g.Node("Div", [_g.Node("Mul", [x, _g.Int64(name, Widen(gain), 1, _c.Dim)]), r]);
            return ToOffsetUInt8(Clamp8(y));
        }

        private string Requant(string acc32, Q8Requant rq) => Clamp8(Scale(Cast(acc32, OnnxDataType.Int64), rq));

        /// <summary><c>(x · m) / 2^s</c> in int64, leaving out the identity steps m = 1 and s = 0.</summary>
        private string Scale(string x64, Q8Requant rq)
        {
            if (rq.Multiplier != 1)
            {
                x64 = _g.Node("Mul", [x64, _g.ConstInt64(rq.Multiplier, scalar: true)]);
            }

            return rq.Shift == 0 ? x64 : _g.Node("Div", [x64, _g.ConstInt64(rq.Divisor, scalar: true)]);
        }

        private string Clamp8(string x64) => Clip(x64, sbyte.MinValue, sbyte.MaxValue);

        private string Clip(string x64, long min, long max) =>
            _g.Node("Clip", [x64, _g.ConstInt64(min, scalar: true), _g.ConstInt64(max, scalar: true)]);

        private string Cast(string x, OnnxDataType to) => _g.Node("Cast", [x], ("to", (long)to));

        private static long[] PerColumn(Q8Requant[] parts, int width, Func<Q8Requant, long> value)
        {
            var result = new long[parts.Length * width];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = value(parts[i / width]);
            }

            return result;
        }

        private static long[] Widen(ReadOnlySpan<sbyte> values)
        {
            var wide = new long[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                wide[i] = values[i];
            }

            return wide;
        }

        private static long[] Widen(ReadOnlySpan<int> values)
        {
            var wide = new long[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                wide[i] = values[i];
            }

            return wide;
        }

        private static sbyte[] Transpose(sbyte[] w, int rows, int cols)
        {
            var t = new sbyte[w.Length];
            TransposeInto(w, rows, cols, t, rows, 0);
            return t;
        }

        /// <summary>Writes W[rows, cols]ᵀ into columns offset..offset+rows of a [cols, width] matrix.</summary>
        private static void TransposeInto(sbyte[] w, int rows, int cols, sbyte[] target, int width, int offset)
        {
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    target[(c * width) + offset + r] = w[(r * cols) + c];
                }
            }
        }
    }
}
