using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Otr.Inference.Onnx;

/// <summary>
/// Builds an ONNX ModelProto node by node. Values are named by the builder; each helper returns the
/// name of the value it produces. Initializers are stored little-endian in raw_data.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    // onnx.proto field numbers
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelDocString = 6, ModelGraph = 7, ModelOpset = 8;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    private const int AttrName = 1, AttrInt = 3, AttrInts = 8, AttrType = 20, AttrTypeInt = 2, AttrTypeInts = 7;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    private const int ValueInfoName = 1, ValueInfoType = 2, TypeTensor = 1, TensorTypeElem = 1, TensorTypeShape = 2;
    private const int ShapeDim = 1, DimValue = 1;

    private readonly List<ProtoMessage> _nodes = [];
    private readonly List<ProtoMessage> _initializers = [];
    private readonly List<ProtoMessage> _inputs = [];
    private readonly List<ProtoMessage> _outputs = [];
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private int _counter;

    public int NodeCount => _nodes.Count;

    public string Input(string name, OnnxDataType type, params long[] dims)
    {
        _inputs.Add(ValueInfo(name, type, dims));
        return name;
    }

    public void Output(string value, OnnxDataType type, params long[] dims)
    {
        _outputs.Add(ValueInfo(value, type, dims));
    }

    /// <summary>Adds a node with several outputs and returns their names.</summary>
    public string[] NodeMulti(string op, int outputs, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes)
    {
        var names = new string[outputs];
        for (var i = 0; i < outputs; i++)
        {
            names[i] = $"{op.ToLowerInvariant()}_{_counter}_{i}";
        }

        AddNode(op, names, inputs, attributes);
        return names;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes) =>
        NodeNamed(op, $"{op.ToLowerInvariant()}_{_counter}", inputs, attributes);

    /// <summary>Adds a node whose single output has the given name.</summary>
    public string NodeNamed(string op, string output, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes)
    {
        AddNode(op, [output], inputs, attributes);
        return output;
    }

    private void AddNode(string op, string[] outputs, IReadOnlyList<string> inputs, (string Name, object Value)[] attributes)
    {
        var node = new ProtoMessage();
        foreach (var input in inputs)
        {
            node.String(NodeInput, input);
        }

        foreach (var output in outputs)
        {
            node.String(NodeOutput, output);
        }

        node.String(NodeName, $"n{_counter++}_{op}").String(NodeOpType, op);
        foreach (var (name, value) in attributes)
        {
            var attribute = new ProtoMessage().String(AttrName, name);
            switch (value)
            {
                case long single:
                    attribute.Int(AttrInt, single).Int(AttrType, AttrTypeInt);
                    break;
                case int single:
                    attribute.Int(AttrInt, single).Int(AttrType, AttrTypeInt);
                    break;
                case long[] many:
                    foreach (var v in many)
                    {
                        attribute.Int(AttrInts, v);
                    }

                    attribute.Int(AttrType, AttrTypeInts);
                    break;
                default:
                    throw new ArgumentException($"unsupported attribute value for '{name}'");
            }

            node.Message(NodeAttribute, attribute);
        }

        _nodes.Add(node);
    }

    public string Int8(string name, ReadOnlySpan<sbyte> values, params long[] dims) =>
        Initializer(name, OnnxDataType.Int8, MemoryMarshal.AsBytes(values).ToArray(), dims);

    public string UInt8(string name, ReadOnlySpan<byte> values, params long[] dims) =>
        Initializer(name, OnnxDataType.UInt8, values.ToArray(), dims);

    public string Int32(string name, ReadOnlySpan<int> values, params long[] dims)
    {
        var raw = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(4 * i), values[i]);
        }

        return Initializer(name, OnnxDataType.Int32, raw, dims);
    }

    public string Int64(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        var raw = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(8 * i), values[i]);
        }

        return Initializer(name, OnnxDataType.Int64, raw, dims);
    }

    /// <summary>A shared scalar-like int64 constant of shape [1] (or [] when <paramref name="scalar"/>).</summary>
    public string ConstInt64(long value, bool scalar = false) => Shared($"c64_{(scalar ? "s" : "v")}_{value}", n => Int64(n, [value], scalar ? [] : [1]));

    /// <summary>A shared int64 vector constant (shapes, axes, starts/ends).</summary>
    public string ConstInt64s(params long[] values) => Shared($"c64s_{string.Join('_', values)}", n => Int64(n, values, values.Length));

    public byte[] ToModelBytes(string graphName, string docString, int opset, int irVersion)
    {
        var graph = new ProtoMessage();
        foreach (var n in _nodes)
        {
            graph.Message(GraphNode, n);
        }

        graph.String(GraphName, graphName);
        foreach (var t in _initializers)
        {
            graph.Message(GraphInitializer, t);
        }

        foreach (var i in _inputs)
        {
            graph.Message(GraphInput, i);
        }

        foreach (var o in _outputs)
        {
            graph.Message(GraphOutput, o);
        }

        return new ProtoMessage()
            .Int(ModelIrVersion, irVersion)
            .Message(ModelOpset, new ProtoMessage().String(1, string.Empty).Int(2, opset))
            .String(ModelProducerName, "Otr.Inference")
            .String(ModelProducerVersion, "q8-exact/1")
            .String(ModelDocString, docString)
            .Message(ModelGraph, graph)
            .ToArray();
    }

    private string Shared(string key, Func<string, string> create)
    {
        if (!_constants.TryGetValue(key, out var name))
        {
            name = create(key.Replace('-', 'm'));
            _constants[key] = name;
        }

        return name;
    }

    private string Initializer(string name, OnnxDataType type, byte[] raw, long[] dims)
    {
        var t = new ProtoMessage();
        foreach (var d in dims)
        {
            t.Int(TensorDims, d);
        }

        t.Int(TensorDataType, (int)type).String(TensorName, name).Bytes(TensorRawData, raw);
        _initializers.Add(t);
        return name;
    }

    private static ProtoMessage ValueInfo(string name, OnnxDataType type, long[] dims)
    {
        var shape = new ProtoMessage();
        foreach (var d in dims)
        {
            // a negative size declares a dynamic dimension (a Dimension with neither value nor name)
            shape.Message(ShapeDim, d >= 0 ? new ProtoMessage().Int(DimValue, d) : new ProtoMessage());
        }

        var tensorType = new ProtoMessage().Int(TensorTypeElem, (int)type).Message(TensorTypeShape, shape);
        return new ProtoMessage().String(ValueInfoName, name).Message(ValueInfoType, new ProtoMessage().Message(TypeTensor, tensorType));
    }
}
