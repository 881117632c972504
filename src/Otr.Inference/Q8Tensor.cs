using System.Buffers.Binary;

namespace Otr.Inference;

/// <summary>
/// One named integer tensor of a <see cref="Q8Model"/> (row-major). Rows follow the weights-root
/// rule of docs/encodings.md: the last axis is the row; scalars and 1-D tensors are a single row.
/// Immutable: the data is copied on construction and only exposed read-only.
/// </summary>
public sealed class Q8Tensor
{
    private readonly sbyte[]? _int8;
    private readonly int[]? _int32;
    private readonly int[] _shape;

    private Q8Tensor(string name, Q8ElementType type, int[] shape, sbyte[]? int8, int[]? int32)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        ElementType = type;
        _shape = shape;
        _int8 = int8;
        _int32 = int32;
        long count = 1;
        foreach (var d in shape)
        {
            if (d <= 0)
            {
                throw new ArgumentException($"tensor '{name}': every dimension must be positive, got [{string.Join(", ", shape)}]");
            }

            count *= d;
        }

        var actual = int8?.Length ?? int32!.Length;
        if (count != actual)
        {
            throw new ArgumentException($"tensor '{name}': shape [{string.Join(", ", shape)}] needs {count} elements, got {actual}");
        }
    }

    /// <summary>Name of the tensor (unique in a model, e.g. <c>layer1.wq</c>).</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public Q8ElementType ElementType { get; }

    /// <summary>Dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Total number of elements.</summary>
    public int Length => _int8?.Length ?? _int32!.Length;

    /// <summary>Number of rows (product of all dimensions but the last; 1 for 0-D and 1-D tensors).</summary>
    public int RowCount => _shape.Length <= 1 ? 1 : Length / _shape[^1];

    /// <summary>Elements per row (the last dimension; all elements for 0-D and 1-D tensors).</summary>
    public int RowLength => _shape.Length <= 1 ? Length : _shape[^1];

    /// <summary>Bytes per element in the encoded form (1 or 4).</summary>
    public int ElementSize => ElementType == Q8ElementType.Int8 ? 1 : 4;

    /// <summary>The int8 elements; throws for an int32 tensor.</summary>
    public ReadOnlySpan<sbyte> Int8 => _int8 ?? throw new InvalidOperationException($"tensor '{Name}' is {ElementType}, not Int8");

    /// <summary>The int32 elements; throws for an int8 tensor.</summary>
    public ReadOnlySpan<int> Int32 => _int32 ?? throw new InvalidOperationException($"tensor '{Name}' is {ElementType}, not Int32");

    /// <summary>An int8 tensor (the data is copied).</summary>
    public static Q8Tensor FromInt8(string name, IReadOnlyList<int> shape, ReadOnlySpan<sbyte> data) =>
        new(name, Q8ElementType.Int8, [.. shape], data.ToArray(), null);

    /// <summary>An int32 tensor (the data is copied).</summary>
    public static Q8Tensor FromInt32(string name, IReadOnlyList<int> shape, ReadOnlySpan<int> data) =>
        new(name, Q8ElementType.Int32, [.. shape], null, data.ToArray());

    /// <summary>Writes row <paramref name="row"/> in its encoded form (int8 as bytes, int32 big-endian).</summary>
    public void WriteRow(int row, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        WriteElements(row * RowLength, RowLength, destination);
    }

    /// <summary>The encoded bytes of the whole tensor (rows in order).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length * ElementSize];
        WriteElements(0, Length, bytes);
        return bytes;
    }

    /// <summary>A copy of this tensor whose element <paramref name="index"/> is replaced (for tests and tooling).</summary>
    public Q8Tensor WithElement(int index, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        if (_int8 is not null)
        {
            if (value is < sbyte.MinValue or > sbyte.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "an int8 element must be in [-128, 127]");
            }

            var copy = (sbyte[])_int8.Clone();
            copy[index] = (sbyte)value;
            return new Q8Tensor(Name, ElementType, _shape, copy, null);
        }

        var copy32 = (int[])_int32!.Clone();
        copy32[index] = value;
        return new Q8Tensor(Name, ElementType, _shape, null, copy32);
    }

    /// <summary>Direct access to the int8 array for the engines (never mutated).</summary>
    internal sbyte[] Int8Array => _int8 ?? throw new InvalidOperationException($"tensor '{Name}' is {ElementType}, not Int8");

    /// <summary>Direct access to the int32 array for the engines (never mutated).</summary>
    internal int[] Int32Array => _int32 ?? throw new InvalidOperationException($"tensor '{Name}' is {ElementType}, not Int32");

    private void WriteElements(int start, int count, Span<byte> destination)
    {
        if (destination.Length < count * ElementSize)
        {
            throw new ArgumentException($"destination needs {count * ElementSize} bytes", nameof(destination));
        }

        if (_int8 is not null)
        {
            for (var i = 0; i < count; i++)
            {
                destination[i] = unchecked((byte)_int8[start + i]);
            }

            return;
        }

        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination[(4 * i)..], _int32![start + i]);
        }
    }
}
