using Otr.Inference.Onnx;

namespace Otr.Inference;

/// <summary>
/// Builds the ONNX graph of one q8-exact decode step (integer ops only; isqrt through
/// Cast→double, Sqrt, Floor, Cast as docs/q8-exact.md allows). Inputs: <c>token</c> and
/// <c>position</c> (int64 [1]) and, per layer l, <c>past_k_l</c>/<c>past_v_l</c> (int8 [C, D],
/// rows 0..t−1 used). Outputs: <c>logits</c> (int32 [1, V]), <c>next_token</c> (int64 [1], ArgMax
/// with ties to the lowest id) and <c>trace</c> (int8 [1+3L, D]: h0, then h_l, k_l, v_l per layer).
/// Weight matrices are stored transposed (<c>[in, out]</c>) for MatMulInteger.
/// </summary>
public static class Q8OnnxGraph
{
    /// <summary>ONNX opset the graph targets.</summary>
    public const int Opset = 17;

    /// <summary>ONNX IR version of the model proto.</summary>
    public const int IrVersion = 8;

    /// <summary>Input name: token id (int64 [1]).</summary>
    public const string TokenInput = "token";

    /// <summary>Input name: position t (int64 [1]).</summary>
    public const string PositionInput = "position";

    /// <summary>Output name: logits (int32 [1, V]).</summary>
    public const string LogitsOutput = "logits";

    /// <summary>Output name: greedy token (int64 [1]).</summary>
    public const string NextTokenOutput = "next_token";

    /// <summary>Output name: trace rows (int8 [1+3L, D]).</summary>
    public const string TraceOutput = "trace";

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
        private readonly OnnxGraphBuilder _g = new();
        private readonly Q8ModelConfig _c = model.Config;
        private string _expTable = string.Empty;
        private string _actTable = string.Empty;

        public byte[] Build()
        {
            int d = _c.Dim, v = _c.VocabSize, ctx = _c.ContextLength;
            var token = _g.Input(TokenInput, OnnxDataType.Int64, 1);
            var position = _g.Input(PositionInput, OnnxDataType.Int64, 1);
            for (var l = 1; l <= _c.Layers; l++)
            {
                _g.Input(PastKeyInput(l), OnnxDataType.Int8, ctx, d);
                _g.Input(PastValueInput(l), OnnxDataType.Int8, ctx, d);
            }

            // step 0: h = clamp8(E[token] + P[t])
            var e = _g.Node("Gather", [_g.Int64("tok_emb", Widen(model.TokenEmbedding), v, d), token], ("axis", 0L));
            var p = _g.Node("Gather", [_g.Int64("pos_emb", Widen(model.PositionEmbedding), ctx, d), position], ("axis", 0L));
            var h = Clamp8(_g.Node("Add", [e, p]));
            var traceRows = new List<string> { ToInt8(h) };
            _expTable = _g.Int64("exp_table", Widen(model.ExpTable), Q8Ops.TableSize);
            _actTable = _g.Int8("act_table", model.ActTable, Q8Ops.TableSize);

            for (var l = 1; l <= _c.Layers; l++)
            {
                h = Layer(l, h, position, traceRows);
            }

            // head: z = W_out · norm(h_L) + bias; greedy = ArgMax (first maximum)
            var n = Norm(h, model.FinalNorm, "final_norm");
            var z = _g.Node("MatMulInteger", [n, _g.Int8("w_out_t", Transpose(model.OutputWeights, v, d), d, v)]);
            _g.NodeNamed("Add", LogitsOutput, [z, _g.Int32("head_bias", model.HeadBias, v)]);
            _g.NodeNamed("ArgMax", NextTokenOutput, [LogitsOutput], ("axis", 1L), ("keepdims", 0L), ("select_last_index", 0L));
            _g.NodeNamed("Concat", TraceOutput, traceRows, ("axis", 0L));
            _g.Output(LogitsOutput, OnnxDataType.Int32, 1, v);
            _g.Output(NextTokenOutput, OnnxDataType.Int64, 1);
            _g.Output(TraceOutput, OnnxDataType.Int8, 1 + (3 * _c.Layers), d);
            return _g.ToModelBytes(
                "q8_decode_step",
                $"q8-exact decode step of model '{model.Name}' (weights root {model.WeightsRoot})",
                Opset,
                IrVersion);
        }

        private string Layer(int l, string h, string position, List<string> traceRows)
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
            var mult = new long[3 * d];
            var div = new long[3 * d];
            Q8Requant[] rqs = [_c.Query, _c.Key, _c.Value];
            for (var i = 0; i < 3 * d; i++)
            {
                mult[i] = rqs[i / d].Multiplier;
                div[i] = rqs[i / d].Divisor;
            }

            var acc = _g.Node("MatMulInteger", [n, _g.Int8(pre + "wqkv_t", wqkv, d, 3 * d)]);
            var qkv = Clamp8(_g.Node("Div", [_g.Node("Mul", [Cast(acc, OnnxDataType.Int64), _g.Int64(pre + "qkv_mult", mult, 3 * d)]), _g.Int64(pre + "qkv_div", div, 3 * d)]));
            var q = Slice(qkv, 0, d, 1);
            var k = Slice(qkv, d, 2 * d, 1);
            var v = Slice(qkv, 2 * d, 3 * d, 1);
            var k8 = ToInt8(k);
            var v8 = ToInt8(v);

            // keys and values of positions 0..t (cache rows 0..t−1, then this position's)
            var keys = _g.Node("Concat", [Cast(SliceRows(PastKeyInput(l), position), OnnxDataType.Int64), k], ("axis", 0L));
            var values = _g.Node("Concat", [Cast(SliceRows(PastValueInput(l), position), OnnxDataType.Int64), v], ("axis", 0L));
            var kh = _g.Node("Reshape", [keys, _g.ConstInt64s(-1, heads, dh)]);
            var vh = _g.Node("Reshape", [values, _g.ConstInt64s(-1, heads, dh)]);
            var qh = _g.Node("Reshape", [q, _g.ConstInt64s(1, heads, dh)]);

            // scores s_j = (q·k_j · ms) / 2^ss, per head: [T+1, H]
            var dot = _g.Node("ReduceSum", [_g.Node("Mul", [kh, qh]), _g.ConstInt64s(2)], ("keepdims", 0L));
            var s = Scale(dot, _c.Score);

            // integer softmax over positions (axis 0)
            var max = _g.Node("ReduceMax", [s], ("axes", new long[] { 0 }), ("keepdims", 1L));
            var dist = Clip(_g.Node("Sub", [max, s]), 0, Q8Ops.TableSize - 1);
            var ex = _g.Node("Gather", [_expTable, dist], ("axis", 0L));
            var z = _g.Node("ReduceSum", [ex, _g.ConstInt64s(0)], ("keepdims", 1L));
            var prob = _g.Node("Div", [_g.Node("Mul", [ex, _g.ConstInt64(1L << _c.ProbShift, scalar: true)]), z]);

            // o = rq(Σ_j p_j · v_j)
            var weighted = _g.Node("Mul", [_g.Node("Reshape", [prob, _g.ConstInt64s(-1, heads, 1)]), vh]);
            var mix = _g.Node("Reshape", [_g.Node("ReduceSum", [weighted, _g.ConstInt64s(0)], ("keepdims", 0L)), _g.ConstInt64s(1, d)]);
            var o = ToInt8(Clamp8(Scale(mix, _c.AttnMix)));

            // a = rq(Wo · o); h' = clamp8(h + a)
            var a = Requant(_g.Node("MatMulInteger", [o, _g.Int8(pre + "wo_t", Transpose(w.Wo, d, d), d, d)]), _c.AttnOut);
            h = Clamp8(_g.Node("Add", [h, a]));

            // MLP: u = rq(W1 · norm(h')); g = ACT[u + 128]; d = rq(W2 · g); h'' = clamp8(h' + d)
            var n2 = Norm(h, w.MlpNorm, pre + "mlp_norm");
            var u = Requant(_g.Node("MatMulInteger", [n2, _g.Int8(pre + "w1_t", Transpose(w.W1, f, d), d, f)]), _c.MlpUp);
            var g = _g.Node("Gather", [_actTable, _g.Node("Add", [u, _g.ConstInt64(128, scalar: true)])], ("axis", 0L));
            var down = Requant(_g.Node("MatMulInteger", [g, _g.Int8(pre + "w2_t", Transpose(w.W2, d, f), f, d)]), _c.MlpDown);
            h = Clamp8(_g.Node("Add", [h, down]));

            traceRows.Add(ToInt8(h));
            traceRows.Add(k8);
            traceRows.Add(v8);
            return h;
        }

        /// <summary>RMSNorm of an int64 [1, D] vector; returns int8 [1, D].</summary>
        private string Norm(string x, sbyte[] gain, string name)
        {
            var ss = _g.Node("ReduceSum", [_g.Node("Mul", [x, x]), _g.ConstInt64s(1)], ("keepdims", 1L));
            var meanSquare = _g.Node("Div", [ss, _g.ConstInt64(_c.Dim, scalar: true)]);
            var root = _g.Node("Floor", [_g.Node("Sqrt", [Cast(meanSquare, OnnxDataType.Double)])]);
            var r = _g.Node("Max", [Cast(root, OnnxDataType.Int64), _g.ConstInt64(1, scalar: true)]);
            var y = _g.Node("Div", [_g.Node("Mul", [x, _g.Int64(name, Widen(gain), 1, _c.Dim)]), r]);
            return ToInt8(Clamp8(y));
        }

        private string Requant(string acc32, Q8Requant rq) => Clamp8(Scale(Cast(acc32, OnnxDataType.Int64), rq));

        private string Scale(string x64, Q8Requant rq) =>
            _g.Node("Div", [_g.Node("Mul", [x64, _g.ConstInt64(rq.Multiplier, scalar: true)]), _g.ConstInt64(rq.Divisor, scalar: true)]);

        private string Clamp8(string x64) => Clip(x64, sbyte.MinValue, sbyte.MaxValue);

        private string Clip(string x64, long min, long max) =>
            _g.Node("Clip", [x64, _g.ConstInt64(min, scalar: true), _g.ConstInt64(max, scalar: true)]);

        private string ToInt8(string x) => Cast(x, OnnxDataType.Int8);

        private string Cast(string x, OnnxDataType to) => _g.Node("Cast", [x], ("to", (long)to));

        private string Slice(string x, long start, long end, long axis) =>
            _g.Node("Slice", [x, _g.ConstInt64s(start), _g.ConstInt64s(end), _g.ConstInt64s(axis)]);

        private string SliceRows(string x, string end) => _g.Node("Slice", [x, _g.ConstInt64s(0), end, _g.ConstInt64s(0)]);

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
