using System.Buffers.Binary;
using CsCheck;
using Microsoft.ML.OnnxRuntime;
using Otr.Inference.Fine;
using Otr.Inference.Onnx;

namespace Otr.Inference.Tests.Fine;

/// <summary>
/// ONNX Runtime == C# for the fine trace's intermediate values: every fine op of random layer and emit steps is
/// recomputed by a small ONNX graph (the same integer ONNX ops as the q8 graph, optimisations disabled) from the
/// op's inputs, and compared with the values in the C# fine leaf.
/// </summary>
public sealed class FineOnnxTests
{
    [Fact]
    public void EveryFineOpOfRandomStepsMatchesOnnxRuntime()
    {
        FineGen.Requests.Sample(
            request =>
            {
                var (model, prompt, parameters) = request;
                var run = FineRun.Generate(model, prompt, parameters);
                var layout = new FineLayout(model.Config);
                var rng = new Random(prompt.Length);
                var layerSteps = Enumerable.Range(0, run.Payloads.Count).Where(k => layout.Kind(layout.Locate(run.PromptTokens, k)) == StepKind.Layer).ToArray();
                var emitSteps = Enumerable.Range(0, run.Payloads.Count).Where(k => layout.Kind(layout.Locate(run.PromptTokens, k)) == StepKind.Emit).ToArray();
                foreach (var k in new[] { 0, layerSteps[^1], layerSteps[rng.Next(layerSteps.Length)], emitSteps[^1] })
                {
                    var fine = FineTrace.ForCoarseIndex(model, run.Payloads, run.Tokens, run.PromptTokens, parameters, k);
                    new OpCheck(model, run, layout, fine, k).All();
                }
            },
            iter: 4,
            threads: 1);
    }

    /// <summary>Recomputes each fine op of one coarse step with ONNX Runtime.</summary>
    private sealed class OpCheck(Q8Model model, FineRun run, FineLayout layout, FineTrace fine, long k)
    {
        private readonly Q8ModelConfig _c = model.Config;
        private readonly int _t = fine.Step.Position;
        private readonly int _l = fine.Step.Step;

        public void All()
        {
            for (var i = 0; i < fine.Length; i++)
            {
                var at = layout.At(fine.Step, run.Parameters.IsGreedy, i);
                var expected = Values(at, fine.Payloads[i]);
                var actual = Onnx(at);
                if (actual is not null)
                {
                    Assert.True(expected.SequenceEqual(actual), $"{at} at k = {k}: C# [{string.Join(", ", expected)}], ONNX [{string.Join(", ", actual)}]");
                }
            }
        }

        /// <summary>The values an op's payload carries, widened to int64 (the coarse leaves: h'' or the embedding/token).</summary>
        private long[] Values(FineStep at, byte[] p)
        {
            var body = p.AsSpan(at.Op is FineOp.Embed or FineOp.LayerOut or FineOp.Emit ? 8 : FineTrace.HeaderLength).ToArray();
            return at.Op switch
            {
                FineOp.Score or FineOp.Sum or FineOp.Mix or FineOp.SampleWeight => Enumerable.Range(0, body.Length / 8).Select(i => BinaryPrimitives.ReadInt64BigEndian(body.AsSpan(8 * i))).ToArray(),
                FineOp.Logits or FineOp.ArgMax => Enumerable.Range(0, body.Length / 4).Select(i => (long)BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(4 * i))).ToArray(),
                FineOp.Emit => [BinaryPrimitives.ReadUInt32BigEndian(body)],
                FineOp.LayerOut => [.. body[.._c.Dim].Select(b => (long)(sbyte)b)],
                FineOp.Pick => [BinaryPrimitives.ReadInt64BigEndian(body), BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(8))],
                _ => [.. body.Select(b => (long)(sbyte)b)],
            };
        }

        private long[]? Onnx(FineStep at)
        {
            var g = new Graph();
            int d = _c.Dim, dh = _c.HeadDim;
            var lt = (int slot) => Q8Layout.LayerTensorIndex(_l, slot);
            switch (at.Op)
            {
                case FineOp.Embed:
                    return g.Run(g.Clamp8(g.Add(g.Const(Row(Q8Layout.TokenEmbeddingIndex, run.Tokens[_t])), g.Const(Row(Q8Layout.PositionEmbeddingIndex, _t)))));
                case FineOp.Norm1 or FineOp.FinalNorm:
                    return g.Run(g.Norm(Hidden(run.Payloads[(int)k - 1]), Row(at.Op == FineOp.Norm1 ? lt(0) : Q8Layout.FinalNormIndex(_c), 0), d));
                case FineOp.Norm2:
                    return g.Run(g.Norm(Get(FineOp.Residual), Row(lt(5), 0), d));
                case FineOp.Query or FineOp.Key or FineOp.Value:
                    {
                        var rq = at.Op == FineOp.Query ? _c.Query : at.Op == FineOp.Key ? _c.Key : _c.Value;
                        return g.Run(g.Requant(g.MatMulRows(Get(FineOp.Norm1), Rows(lt(at.Op - FineOp.Query + 1), at.Block, d)), rq));
                    }

                case FineOp.AttnOut:
                    return g.Run(g.Requant(g.MatMulRows(Get(FineOp.Head, _c.Heads - 1), Rows(lt(4), at.Block, d)), _c.AttnOut));
                case FineOp.Up:
                    {
                        var u = g.Requant(g.MatMulRows(Get(FineOp.Norm2), Rows(lt(6), at.Block, _c.MlpDim)), _c.MlpUp);
                        var act = g.Gather(g.Const([.. model.ActTable.Select(a => (long)a)]), g.Add(u, g.Scalar(128)));
                        return g.Run(g.Concat(u, act));
                    }

                case FineOp.Down:
                    return g.Run(g.Requant(g.MatMulRows(All(FineOp.Up, _c.MlpDim, part: 1), Rows(lt(7), at.Block, d)), _c.MlpDown));
                case FineOp.Residual:
                    return g.Run(g.Clamp8(g.Add(g.Const(Hidden(run.Payloads[(int)k - 1])), g.Const(All(FineOp.AttnOut, d)))));
                case FineOp.LayerOut:
                    return g.Run(g.Clamp8(g.Add(g.Const(Get(FineOp.Residual)), g.Const(All(FineOp.Down, d)))));
                case FineOp.Score:
                    {
                        // scores of the block: MatMul(q_η [1, Dh], K_blockᵀ [Dh, len]), scaled; running max via ReduceMax
                        var (lo, len) = FineTrace.BlockRange(at.Block, _t + 1);
                        var q = All(FineOp.Query, d).Skip(at.Head * dh).Take(dh).ToArray();
                        var keys = Enumerable.Range(lo, len).SelectMany(j => PastHead(j, at.Head, 1)).ToArray();
                        var s = g.Scale(g.Node("MatMul", g.Const(q, 1, dh), g.Node("Transpose", [g.Const(keys, len, dh)], ("perm", new long[] { 1, 0 }))), _c.Score);
                        var flat = g.Node("Reshape", s, g.Ints(-1));
                        var prev = at.Block == 0 ? long.MinValue : Int64s(FineOp.Score, at.Head, at.Block - 1)[0];
                        var max = g.Node("ReduceMax", [g.Concat(g.Const([prev]), flat)], ("keepdims", 1L));
                        return g.Run(g.Concat(max, flat));
                    }

                case FineOp.Sum:
                    {
                        var e = ExpOf(g, at);
                        var prev = at.Block == 0 ? 0 : Int64s(FineOp.Sum, at.Head, at.Block - 1)[0];
                        return g.Run(g.Add(g.Node("ReduceSum", [e], ("keepdims", 1L)), g.Const([prev])));
                    }

                case FineOp.Mix:
                    {
                        var (lo, len) = FineTrace.BlockRange(at.Block, _t + 1);
                        var z = Int64s(FineOp.Sum, at.Head, FineLayout.Blocks(_t + 1) - 1)[0];
                        var p = g.Div(g.Mul(ExpOf(g, at), g.Scalar(1L << _c.ProbShift)), g.Scalar(z));
                        var values = Enumerable.Range(lo, len).SelectMany(j => PastHead(j, at.Head, 2)).ToArray();
                        var mix = g.Node("MatMul", g.Node("Reshape", p, g.Ints(1, len)), g.Const(values, len, dh));
                        var prev = at.Block == 0 ? new long[dh] : Int64s(FineOp.Mix, at.Head, at.Block - 1);
                        return g.Run(g.Add(g.Node("Reshape", mix, g.Ints(-1)), g.Const(prev)));
                    }

                case FineOp.Head:
                    {
                        var mix = Int64s(FineOp.Mix, at.Head, FineLayout.Blocks(_t + 1) - 1);
                        var o = g.Clamp8(g.Scale(g.Const(mix), _c.AttnMix));
                        return at.Head == 0 ? g.Run(o) : g.Run(g.Concat(g.Const(Get(FineOp.Head, at.Head - 1)), o));
                    }

                case FineOp.Logits:
                    {
                        var (lo, len) = FineTrace.BlockRange(at.Block, _c.VocabSize);
                        var bias = Row(Q8Layout.FinalNormIndex(_c) + 2, 0).Skip(lo).Take(len).ToArray();
                        var z = g.Node("Cast", [g.MatMulRows(Get(FineOp.FinalNorm), Rows(Q8Layout.FinalNormIndex(_c) + 1, at.Block, _c.VocabSize))], ("to", (long)OnnxDataType.Int64));
                        return g.Run(g.Add(g.Node("Reshape", z, g.Ints(-1)), g.Const(bias)));
                    }

                case FineOp.ArgMax:
                    {
                        // ArgMax (first maximum) over [previous best, block logits]: index 0 keeps the previous best
                        var z = Int32s(FineOp.Logits, 0, at.Block);
                        var (best, index) = at.Block == 0 ? (z[0], 0L) : (Int32s(FineOp.ArgMax, 0, at.Block - 1)[0], Int32s(FineOp.ArgMax, 0, at.Block - 1)[1]);
                        var all = g.Concat(g.Const([best]), g.Const(z));
                        var arg = g.Node("ArgMax", [all], ("axis", 0L), ("keepdims", 1L), ("select_last_index", 0L));
                        var value = g.Gather(all, arg);
                        var isPrev = g.Node("Equal", arg, g.Scalar(0));
                        var newIndex = g.Add(arg, g.Scalar((at.Block * FineLayout.BlockSize) - 1));
                        return g.Run(g.Concat(value, g.Node("Where", isPrev, g.Const([index]), newIndex)));
                    }

                case FineOp.SampleWeight:
                    {
                        var zmax = Int32s(FineOp.ArgMax, 0, FineLayout.Blocks(_c.VocabSize) - 1)[0];
                        var dist = g.Node("Min", g.Div(g.Mul(g.Sub(g.Scalar(zmax), g.Const(Int32s(FineOp.Logits, 0, at.Block))), g.Scalar(_c.SampleScale)), g.Scalar(run.Parameters.TemperatureMilli)), g.Scalar(255));
                        var w = g.Gather(g.Const([.. model.SampleExpTable.Select(x => (long)x)]), dist);
                        var prev = at.Block == 0 ? 0 : Int64s(FineOp.SampleWeight, 0, at.Block - 1)[0];
                        return g.Run(g.Add(g.Node("ReduceSum", [w], ("keepdims", 1L)), g.Const([prev])));
                    }

                default:
                    return null; // Pick and Emit are selections, checked against Q8Sampler in FineTraceIntermediateTests
            }
        }

        /// <summary>EXP[min(255, m − s_j)] of the block's positions.</summary>
        private string ExpOf(Graph g, FineStep at)
        {
            var m = Int64s(FineOp.Score, at.Head, FineLayout.Blocks(_t + 1) - 1)[0];
            var s = Int64s(FineOp.Score, at.Head, at.Block).Skip(1).ToArray();
            var dist = g.Node("Min", g.Sub(g.Scalar(m), g.Const(s)), g.Scalar(255));
            return g.Gather(g.Const([.. model.ExpTable.Select(x => (long)x)]), dist);
        }

        private long[] PastHead(int j, int head, int part)
        {
            if (j < _t)
            {
                var payload = run.Payloads[(int)layout.CoarseIndex(run.PromptTokens, j, _l)];
                return [.. payload.AsSpan(8 + (part * _c.Dim) + (head * _c.HeadDim), _c.HeadDim).ToArray().Select(b => (long)(sbyte)b)];
            }

            return [.. All(part == 1 ? FineOp.Key : FineOp.Value, _c.Dim).Skip(head * _c.HeadDim).Take(_c.HeadDim)];
        }

        private byte[] Payload(FineOp op, int head = 0, int block = 0) => fine.Payloads[layout.IndexOf(fine.Step, new FineStep(op, head, block))];

        private long[] Get(FineOp op, int head = 0) => [.. FineValues.Int8(Payload(op, head)).Select(v => (long)v)];

        private long[] Int64s(FineOp op, int head, int block)
        {
            var p = Payload(op, head, block);
            return [.. Enumerable.Range(0, (p.Length - FineTrace.HeaderLength) / 8).Select(i => FineValues.Int64(p, i))];
        }

        private long[] Int32s(FineOp op, int head, int block)
        {
            var p = Payload(op, head, block);
            return [.. Enumerable.Range(0, (p.Length - FineTrace.HeaderLength) / 4).Select(i => (long)FineValues.Int32(p, i))];
        }

        private long[] All(FineOp op, int rows, int part = 0)
        {
            var parts = op == FineOp.Up ? 2 : 1;
            return [.. FineValues.Concat(fine, layout, op, rows, part, parts).Select(v => (long)v)];
        }

        private long[] Hidden(byte[] coarse) => [.. coarse.AsSpan(8, _c.Dim).ToArray().Select(b => (long)(sbyte)b)];

        /// <summary>A weights row (int8 rows as bytes, int32 rows big-endian) from the weights tree payload.</summary>
        private long[] Row(int tensor, int row)
        {
            var payload = model.WeightsTree.RowPayload(tensor, row)[8..];
            return model.Tensors[tensor].ElementType == Q8ElementType.Int8
                ? [.. payload.Select(b => (long)(sbyte)b)]
                : [.. Enumerable.Range(0, payload.Length / 4).Select(i => (long)BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(4 * i)))];
        }

        private sbyte[][] Rows(int tensor, int block, int rows)
        {
            var (lo, len) = FineTrace.BlockRange(block, rows);
            return [.. Enumerable.Range(lo, len).Select(r => Row(tensor, r).Select(v => (sbyte)v).ToArray())];
        }
    }

    /// <summary>A one-output ONNX graph over int64 constants, run by ONNX Runtime with optimisations off.</summary>
    private sealed class Graph
    {
        private readonly OnnxGraphBuilder _g = new();
        private int _n;

        public Graph() => _g.Input("unused", OnnxDataType.Int64, 1);

        public string Const(long[] values, params long[] dims) => _g.Int64($"c{_n++}", values, dims.Length == 0 ? [values.Length] : dims);

        public string Scalar(long value) => _g.Int64($"s{_n++}", [value]);

        public string Ints(params long[] values) => _g.Int64($"i{_n++}", values, values.Length);

        public string Node(string op, params string[] inputs) => _g.Node(op, inputs);

        public string Node(string op, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes) => _g.Node(op, inputs, attributes);

        public string Add(string a, string b) => _g.Node("Add", [a, b]);

        public string Sub(string a, string b) => _g.Node("Sub", [a, b]);

        public string Mul(string a, string b) => _g.Node("Mul", [a, b]);

        public string Div(string a, string b) => _g.Node("Div", [a, b]);

        public string Gather(string table, string indices) => _g.Node("Gather", [table, indices], ("axis", 0L));

        public string Concat(string a, string b) => _g.Node("Concat", [a, b], ("axis", 0L));

        public string Clamp8(string x) => _g.Node("Clip", [x, Scalar1(sbyte.MinValue), Scalar1(sbyte.MaxValue)]);

        public string Scale(string x, Q8Requant rq) => Div(Mul(x, Scalar(rq.Multiplier)), Scalar(rq.Divisor));

        public string Requant(string acc32, Q8Requant rq) =>
            Clamp8(Scale(Node("Reshape", _g.Node("Cast", [acc32], ("to", (long)OnnxDataType.Int64)), Ints(-1)), rq));

        /// <summary>RMSNorm as the q8 graph computes it (isqrt through Sqrt on float64).</summary>
        public string Norm(long[] x, long[] gain, int d)
        {
            var xs = Const(x);
            var ss = _g.Node("ReduceSumSquare", [xs], ("keepdims", 1L));
            var root = _g.Node("Cast", [_g.Node("Sqrt", [_g.Node("Cast", [Div(ss, Scalar(d))], ("to", (long)OnnxDataType.Double))])], ("to", (long)OnnxDataType.Int64));
            var r = _g.Node("Max", [root, Scalar(1)]);
            return Clamp8(Div(Mul(xs, Const(gain)), r));
        }

        /// <summary><c>x · Wᵀ</c> for int8 x (offset uint8 form, zero point 128) and W rows: MatMulInteger, int32 [1, rows].</summary>
        public string MatMulRows(long[] x, sbyte[][] rows)
        {
            var n = x.Length;
            var wt = new sbyte[n * rows.Length];
            for (var r = 0; r < rows.Length; r++)
            {
                for (var c = 0; c < n; c++)
                {
                    wt[(c * rows.Length) + r] = rows[r][c];
                }
            }

            var xs = _g.UInt8($"x{_n++}", [.. x.Select(v => (byte)(v + 128))], 1, n);
            return _g.Node("MatMulInteger", [xs, _g.Int8($"w{_n++}", wt, n, rows.Length), _g.UInt8($"z{_n++}", [128])]);
        }

        public long[] Run(string output)
        {
            _g.NodeNamed("Identity", "out", [_g.Node("Reshape", [output, Ints(-1)])]);
            _g.Output("out", OnnxDataType.Int64, -1);
            var bytes = _g.ToModelBytes("fine_op", "one fine op", Q8OnnxGraph.Opset, Q8OnnxGraph.IrVersion);
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
            using var session = new InferenceSession(bytes, options);
            using var input = OrtValue.CreateTensorValueFromMemory(new long[] { 0 }, [1]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, ["unused"], [input], ["out"]);
            return results[0].GetTensorDataAsSpan<long>().ToArray();
        }

        private string Scalar1(long value) => _g.Int64($"k{_n++}", [value]);
    }
}
