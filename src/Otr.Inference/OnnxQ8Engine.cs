using Microsoft.ML.OnnxRuntime;
using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// The production q8-exact engine: runs the decode-step graph of <see cref="Q8OnnxGraph"/> in ONNX
/// Runtime (CPU, graph optimisations disabled so every op runs as written) with a K/V cache kept
/// in pinned managed buffers, one session run per position. Bit-identical to
/// <see cref="ReferenceInterpreter"/> (held to it by the differential tests). <see cref="Generate"/>
/// may be called from several threads at once; each call has its own cache and buffers.
/// </summary>
public sealed class OnnxQ8Engine : IQ8Engine, IDisposable
{
    private readonly InferenceSession _session;
    private readonly byte[] _onnx;

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
    public GenerationResult Generate(IReadOnlyList<int> promptTokens, DecodingParams parameters, ITraceSink? sink = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var stepper = new Stepper(this);
        return DecodeLoop.Run(Model, stepper, promptTokens, parameters, sink);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _session.Dispose();
        }
    }

    private bool _disposed;

    /// <summary>One generation's buffers, bound once as ORT inputs/outputs over pinned managed memory.</summary>
    private sealed class Stepper : IQ8Stepper
    {
        private readonly InferenceSession _session;
        private readonly int _dim;
        private readonly int _layers;
        private readonly long[] _token = new long[1];
        private readonly long[] _position = new long[1];
        private readonly long[] _next = new long[1];
        private readonly sbyte[][] _keys;
        private readonly sbyte[][] _values;
        private readonly sbyte[] _trace;
        private readonly int[] _logits;
        private readonly string[] _inputNames;
        private readonly OrtValue[] _inputs;
        private readonly string[] _outputNames = [Q8OnnxGraph.LogitsOutput, Q8OnnxGraph.NextTokenOutput, Q8OnnxGraph.TraceOutput];
        private readonly OrtValue[] _outputs;
        private readonly RunOptions _runOptions = new();

        public Stepper(OnnxQ8Engine owner)
        {
            var c = owner.Model.Config;
            _session = owner._session;
            _dim = c.Dim;
            _layers = c.Layers;
            _trace = new sbyte[(1 + (3 * c.Layers)) * c.Dim];
            _logits = new int[c.VocabSize];
            _keys = new sbyte[c.Layers][];
            _values = new sbyte[c.Layers][];
            var names = new List<string> { Q8OnnxGraph.TokenInput, Q8OnnxGraph.PositionInput };
            var inputs = new List<OrtValue>
            {
                OrtValue.CreateTensorValueFromMemory(_token, [1]),
                OrtValue.CreateTensorValueFromMemory(_position, [1]),
            };
            for (var l = 1; l <= c.Layers; l++)
            {
                _keys[l - 1] = new sbyte[c.ContextLength * c.Dim];
                _values[l - 1] = new sbyte[c.ContextLength * c.Dim];
                names.Add(Q8OnnxGraph.PastKeyInput(l));
                inputs.Add(OrtValue.CreateTensorValueFromMemory(_keys[l - 1], [c.ContextLength, c.Dim]));
                names.Add(Q8OnnxGraph.PastValueInput(l));
                inputs.Add(OrtValue.CreateTensorValueFromMemory(_values[l - 1], [c.ContextLength, c.Dim]));
            }

            _inputNames = [.. names];
            _inputs = [.. inputs];
            _outputs =
            [
                OrtValue.CreateTensorValueFromMemory(_logits, [1, c.VocabSize]),
                OrtValue.CreateTensorValueFromMemory(_next, [1]),
                OrtValue.CreateTensorValueFromMemory(_trace, [1 + (3 * c.Layers), c.Dim]),
            ];
        }

        public ReadOnlySpan<sbyte> Trace => _trace;

        public ReadOnlySpan<int> Logits => _logits;

        public int Step(int token, int position, bool needLogits)
        {
            _token[0] = token;
            _position[0] = position;
            _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

            // append this position's keys and values (trace rows k_l, v_l) to the caches
            for (var l = 1; l <= _layers; l++)
            {
                var row = _dim + ((l - 1) * 3 * _dim);
                _trace.AsSpan(row + _dim, _dim).CopyTo(_keys[l - 1].AsSpan(position * _dim));
                _trace.AsSpan(row + (2 * _dim), _dim).CopyTo(_values[l - 1].AsSpan(position * _dim));
            }

            return (int)_next[0];
        }

        public void Dispose()
        {
            foreach (var v in _inputs)
            {
                v.Dispose();
            }

            foreach (var v in _outputs)
            {
                v.Dispose();
            }

            _runOptions.Dispose();
        }
    }
}
