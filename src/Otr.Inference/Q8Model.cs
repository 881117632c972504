using System.Text;
using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// A q8-exact model: a name, its <see cref="Q8ModelConfig"/> and every tensor (weights and lookup
/// tables) in the canonical order of <see cref="Q8Layout"/>. Immutable; validated on construction.
/// Saved and loaded as a <c>.q8</c> file (docs/q8-exact.md, "Model file").
/// </summary>
public sealed class Q8Model
{
    /// <summary>Largest magnitude allowed for an exp-table entry (2^16).</summary>
    public const int MaxExpEntry = 1 << 16;

    private readonly Q8Tensor[] _tensors;
    private readonly Lazy<Q8WeightsTree> _tree;

    private Q8Model(string name, Q8ModelConfig config, Q8Tensor[] tensors)
    {
        Name = name;
        Config = config;
        _tensors = tensors;
        _tree = new Lazy<Q8WeightsTree>(() => new Q8WeightsTree(_tensors));
        ExpTable = tensors[Q8Layout.ExpTableIndex].Int32Array;
        ActTable = tensors[Q8Layout.ActTableIndex].Int8Array;
        SampleExpTable = tensors[Q8Layout.SampleExpTableIndex].Int32Array;
        TokenEmbedding = tensors[Q8Layout.TokenEmbeddingIndex].Int8Array;
        PositionEmbedding = tensors[Q8Layout.PositionEmbeddingIndex].Int8Array;
        var layers = new Q8LayerWeights[config.Layers];
        for (var l = 1; l <= config.Layers; l++)
        {
            sbyte[] T(int slot) => tensors[Q8Layout.LayerTensorIndex(l, slot)].Int8Array;
            layers[l - 1] = new Q8LayerWeights(T(0), T(1), T(2), T(3), T(4), T(5), T(6), T(7));
        }

        LayerWeights = layers;
        var final = Q8Layout.FinalNormIndex(config);
        FinalNorm = tensors[final].Int8Array;
        OutputWeights = tensors[final + 1].Int8Array;
        HeadBias = tensors[final + 2].Int32Array;
    }

    /// <summary>Model name; the receipt's <c>modelId</c> is <c>keccak(utf8(Name))</c>.</summary>
    public string Name { get; }

    /// <summary>Hyper-parameters and requantisation constants (also tensor 0).</summary>
    public Q8ModelConfig Config { get; }

    /// <summary>All tensors in canonical order.</summary>
    public IReadOnlyList<Q8Tensor> Tensors => _tensors;

    /// <summary><c>keccak(utf8(Name))</c>.</summary>
    public Bytes32 ModelId => Keccak.Hash(Encoding.UTF8.GetBytes(Name));

    /// <summary>The row-leaf Merkle tree of docs/encodings.md ("Weights root").</summary>
    public Q8WeightsTree WeightsTree => _tree.Value;

    /// <summary>The weights root registered on L1.</summary>
    public Bytes32 WeightsRoot => WeightsTree.Root;

    /// <summary>Digest of the tokenizer this model reads (<see cref="ByteTokenizer.Digest"/>).</summary>
    public Bytes32 TokenizerDigest => ByteTokenizer.Digest;

    internal int[] ExpTable { get; }

    internal sbyte[] ActTable { get; }

    internal int[] SampleExpTable { get; }

    internal sbyte[] TokenEmbedding { get; }

    internal sbyte[] PositionEmbedding { get; }

    internal IReadOnlyList<Q8LayerWeights> LayerWeights { get; }

    internal sbyte[] FinalNorm { get; }

    internal sbyte[] OutputWeights { get; }

    internal int[] HeadBias { get; }

    /// <summary>The tensor with this name; throws when there is none.</summary>
    public Q8Tensor Tensor(string name) =>
        Array.Find(_tensors, t => t.Name == name) ?? throw new KeyNotFoundException($"model has no tensor '{name}'");

    /// <summary>
    /// Builds a model from its tensors in canonical order, checking names, types, shapes, the
    /// config vector and the tables. Throws <see cref="Q8ModelFormatException"/> on any mismatch.
    /// </summary>
    public static Q8Model FromTensors(string name, IReadOnlyList<Q8Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        CheckName(name);
        if (tensors.Count == 0 || tensors[0].Name != "config" || tensors[0].ElementType != Q8ElementType.Int32)
        {
            throw new Q8ModelFormatException("the first tensor must be the int32 'config' tensor");
        }

        Q8ModelConfig config;
        try
        {
            config = Q8ModelConfig.FromVector(tensors[0].Int32);
        }
        catch (ArgumentException e)
        {
            throw new Q8ModelFormatException($"bad config tensor: {e.Message}", e);
        }

        var expected = Q8Layout.Expected(config);
        if (tensors.Count != expected.Count)
        {
            throw new Q8ModelFormatException($"expected {expected.Count} tensors for this config, got {tensors.Count}");
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var (n, type, shape) = expected[i];
            var t = tensors[i];
            if (t.Name != n || t.ElementType != type || !t.Shape.SequenceEqual(shape))
            {
                throw new Q8ModelFormatException(
                    $"tensor {i}: expected '{n}' {type} [{string.Join(", ", shape)}], got '{t.Name}' {t.ElementType} [{string.Join(", ", t.Shape)}]");
            }
        }

        CheckExpTable(tensors[Q8Layout.ExpTableIndex]);
        CheckExpTable(tensors[Q8Layout.SampleExpTableIndex]);
        return new Q8Model(name, config, [.. tensors]);
    }

    /// <summary>A copy of this model with the tensor of the same name replaced (for tests and tooling).</summary>
    public Q8Model WithTensor(Q8Tensor replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var index = Array.FindIndex(_tensors, t => t.Name == replacement.Name);
        if (index < 0)
        {
            throw new KeyNotFoundException($"model has no tensor '{replacement.Name}'");
        }

        var copy = (Q8Tensor[])_tensors.Clone();
        copy[index] = replacement;
        return FromTensors(Name, copy);
    }

    /// <summary>The <c>.q8</c> file bytes.</summary>
    public byte[] ToBytes() => Q8ModelFile.Write(this);

    /// <summary>Writes the <c>.q8</c> file.</summary>
    public void Save(string path) => File.WriteAllBytes(path, ToBytes());

    /// <summary>Writes the <c>.q8</c> file bytes to a stream.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes());
    }

    /// <summary>Reads a <c>.q8</c> file; throws <see cref="Q8ModelFormatException"/> when it is truncated or corrupt.</summary>
    public static Q8Model Load(string path) => FromBytes(File.ReadAllBytes(path));

    /// <summary>Reads a <c>.q8</c> file from a stream (to its end).</summary>
    public static Q8Model Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return FromBytes(buffer.ToArray());
    }

    /// <summary>Parses <c>.q8</c> file bytes.</summary>
    public static Q8Model FromBytes(ReadOnlySpan<byte> bytes) => Q8ModelFile.Read(bytes);

    internal static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || Encoding.UTF8.GetByteCount(name) > 255)
        {
            throw new Q8ModelFormatException("model name must be 1 to 255 UTF-8 bytes");
        }
    }

    private static void CheckExpTable(Q8Tensor table)
    {
        var values = table.Int32;
        if (values[0] < 1)
        {
            throw new Q8ModelFormatException($"'{table.Name}'[0] must be positive (it weighs the maximum)");
        }

        foreach (var v in values)
        {
            if (v is < 0 or > MaxExpEntry)
            {
                throw new Q8ModelFormatException($"'{table.Name}' entries must be in [0, 2^16], found {v}");
            }
        }
    }
}
