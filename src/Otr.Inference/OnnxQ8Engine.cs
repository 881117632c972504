using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// The production q8-exact engine: runs the graph of <see cref="Q8OnnxGraph"/> in ONNX Runtime (CPU,
/// graph optimisations disabled so every op runs as written) with a K/V cache kept in managed
/// buffers: one session run for the whole prompt, then one per generated token. Bit-identical to
/// <see cref="ReferenceInterpreter"/> (held to it by the differential tests). <see cref="Generate"/>
/// may be called from several threads at once; each call has its own cache and buffers, taken from
/// a small pool so that requests reuse them (about 1.3 MB for the demo model) instead of leaving
/// them to the garbage collector.
/// </summary>
public sealed class OnnxQ8Engine : IQ8Engine, IDisposable
{
    // Idle generation buffers kept for reuse; more concurrent calls than this allocate and drop their own.
    private const int MaxIdleSteppers = 4;

    private readonly InferenceSession _session;
    private readonly ConcurrentBag<Stepper> _idle = [];
    private readonly byte[] _onnx;
    private bool _disposed;

    /// <summary>Builds the graph for <paramref name="model"/> and opens an ONNX Runtime session.</summary>
    /// <param name="model">The model.</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads (1 is fastest for this small model).</param>
    public OnnxQ8Engine(Q8Model model, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        Model = model;
        _onnx = Q8OnnxGraph.Build(model);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(_onnx, options);
    }

    /// <inheritdoc />
    public Q8Model Model { get; }

    /// <summary>The serialized ONNX model this engine runs (a copy).</summary>
    public byte[] BuildOnnxModelBytes() => (byte[])_onnx.Clone();

    /// <summary>Writes the ONNX model to <paramref name="path"/> for inspection (e.g. with Netron).</summary>
    public void SaveOnnx(string path) => File.WriteAllBytes(path, _onnx);

    /// <inheritdoc />
    public GenerationResult Generate(IReadOnlyList<int> promptTokens, DecodingParams parameters, ITraceSink? sink = null) =>
        Run(promptTokens, parameters, sink, null);

    /// <inheritdoc />
    public GenerationResult Replay(IReadOnlyList<int> promptTokens, IReadOnlyList<int> outputTokens, DecodingParams parameters, ITraceSink? sink = null)
    {
        ArgumentNullException.ThrowIfNull(outputTokens);
        return Run(promptTokens, parameters, sink, outputTokens);
    }

    private GenerationResult Run(IReadOnlyList<int> promptTokens, DecodingParams parameters, ITraceSink? sink, IReadOnlyList<int>? forced)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_idle.TryTake(out var stepper))
        {
            stepper = new Stepper(this);
        }

        try
        {
            return DecodeLoop.Run(Model, stepper, promptTokens, parameters, sink, forced);
        }
        finally
        {
            // Every run overwrites what it reads (inputs, the cache rows below its start, the trace rows it
            // returns), so a stepper is safe to reuse even after a run that threw.
            if (_disposed || _idle.Count >= MaxIdleSteppers)
            {
                stepper.Dispose();
            }
            else
            {
                _idle.Add(stepper);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            while (_idle.TryTake(out var stepper))
            {
                stepper.Dispose();
            }

            _session.Dispose();
        }
    }

    /// <summary>One generation's buffers: the int64 K/V caches and the trace, all pinned for each run; reused by later generations.</summary>
    private sealed class Stepper : IQ8Stepper
    {
        private readonly InferenceSession _session;
        private readonly Q8ModelConfig _c;
        private readonly int _parts;
        private readonly long[] _tokens;
        private readonly long[] _positions;
        private readonly long[][] _keys;
        private readonly long[][] _values;
        private readonly sbyte[] _trace;
        private readonly int[] _logits;
        private readonly long[] _next = new long[1];
        private readonly string[] _inputNames;
        private readonly OrtValue[] _inputs;
        private readonly string[] _outputNames = [Q8OnnxGraph.TraceOutput, Q8OnnxGraph.LogitsOutput, Q8OnnxGraph.NextTokenOutput];
        private readonly OrtValue[] _outputs = new OrtValue[3];
        private readonly RunOptions _runOptions = new();
        private long[] _keep = [];
        private long[] _penalty = [];
        private int _count;

        public Stepper(OnnxQ8Engine owner)
        {
            _c = owner.Model.Config;
            _session = owner._session;
            _parts = 1 + (3 * _c.Layers);
            _tokens = new long[_c.ContextLength];
            _positions = new long[_c.ContextLength];
            _trace = new sbyte[_parts * _c.ContextLength * _c.Dim];
            _logits = new int[_c.VocabSize];
            _keys = new long[_c.Layers][];
            _values = new long[_c.Layers][];
            var names = new List<string> { Q8OnnxGraph.TokensInput, Q8OnnxGraph.PositionsInput, Q8OnnxGraph.KeepInput, Q8OnnxGraph.PenaltyInput };
            for (var l = 1; l <= _c.Layers; l++)
            {
                _keys[l - 1] = new long[_c.ContextLength * _c.Dim];
                _values[l - 1] = new long[_c.ContextLength * _c.Dim];
                names.Add(Q8OnnxGraph.PastKeyInput(l));
                names.Add(Q8OnnxGraph.PastValueInput(l));
            }

            _inputNames = [.. names];
            _inputs = new OrtValue[_inputNames.Length];
        }

        public ReadOnlySpan<int> Logits => _logits;

        public ReadOnlySpan<sbyte> Row(int index, int part) => _trace.AsSpan(((part * _count) + index) * _c.Dim, _c.Dim);

        public int Step(ReadOnlySpan<int> tokens, int start, bool needLogits)
        {
            int n = tokens.Length, total = start + n, d = _c.Dim;
            for (var i = 0; i < n; i++)
            {
                _tokens[i] = tokens[i];
                _positions[i] = start + i;
            }

            // position start+i may attend to j ≤ start+i
            if (_keep.Length < n * total)
            {
                _keep = new long[n * total];
                _penalty = new long[n * total];
            }

            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < total; j++)
                {
                    var allowed = j <= start + i;
                    _keep[(i * total) + j] = allowed ? 1 : 0;
                    _penalty[(i * total) + j] = allowed ? 0 : Q8OnnxGraph.MaskPenalty;
                }
            }

            try
            {
                _inputs[0] = Tensor(_tokens, n, [n]);
                _inputs[1] = Tensor(_positions, n, [n]);
                _inputs[2] = Tensor(_keep, n * total, [n, total]);
                _inputs[3] = Tensor(_penalty, n * total, [n, total]);
                for (var l = 0; l < _c.Layers; l++)
                {
                    _inputs[4 + (2 * l)] = Tensor(_keys[l], start * d, [start, d]);
                    _inputs[5 + (2 * l)] = Tensor(_values[l], start * d, [start, d]);
                }

                _outputs[0] = Tensor(_trace, _parts * n * d, [_parts * n, d]);
                _outputs[1] = Tensor(_logits, _logits.Length, [1, _logits.Length]);
                _outputs[2] = Tensor(_next, 1, [1]);
                _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);
            }
            finally
            {
                DisposeAll(_inputs);
                DisposeAll(_outputs);
            }

            // append the new positions' keys and values (trace parts k_l, v_l) to the caches
            _count = n;
            for (var l = 1; l <= _c.Layers; l++)
            {
                var part = 1 + (3 * (l - 1));
                for (var i = 0; i < n; i++)
                {
                    Widen(Row(i, part + 1), _keys[l - 1].AsSpan((start + i) * d, d));
                    Widen(Row(i, part + 2), _values[l - 1].AsSpan((start + i) * d, d));
                }
            }

            return needLogits ? (int)_next[0] : -1;
        }

        public void Dispose() => _runOptions.Dispose();

        private static OrtValue Tensor<T>(T[] buffer, int length, long[] shape)
            where T : unmanaged =>
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<T>(buffer, 0, length), shape);

        private static void Widen(ReadOnlySpan<sbyte> source, Span<long> destination)
        {
            for (var i = 0; i < source.Length; i++)
            {
                destination[i] = source[i];
            }
        }

        private static void DisposeAll(OrtValue[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i]?.Dispose();
                values[i] = null!;
            }
        }
    }
}
