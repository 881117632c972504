using System.Buffers.Binary;
using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// The weights Merkle tree of docs/encodings.md: one leaf per tensor row, payload
/// <c>uint32(tensorIndex) ‖ uint32(row) ‖ row bytes</c>, positional tree over all rows in order.
/// Any single row can be opened with <see cref="Proof"/>.
/// </summary>
public sealed class Q8WeightsTree
{
    private readonly IReadOnlyList<Q8Tensor> _tensors;
    private readonly int[] _firstLeaf;
    private readonly Bytes32[] _leaves;

    internal Q8WeightsTree(IReadOnlyList<Q8Tensor> tensors)
    {
        _tensors = tensors;
        _firstLeaf = new int[tensors.Count];
        var leaves = new List<Bytes32>();
        for (var ti = 0; ti < tensors.Count; ti++)
        {
            _firstLeaf[ti] = leaves.Count;
            for (var row = 0; row < tensors[ti].RowCount; row++)
            {
                leaves.Add(TreeHash.Leaf(RowPayload(ti, row)));
            }
        }

        _leaves = [.. leaves];
        Root = MerkleTree.Root(_leaves);
    }

    /// <summary>The weights root.</summary>
    public Bytes32 Root { get; }

    /// <summary>All row leaf hashes in order.</summary>
    public IReadOnlyList<Bytes32> Leaves => _leaves;

    /// <summary>Position of the leaf of (tensor, row) among all leaves.</summary>
    public int LeafIndex(int tensorIndex, int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tensorIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tensorIndex, _tensors.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, _tensors[tensorIndex].RowCount);
        return _firstLeaf[tensorIndex] + row;
    }

    /// <summary>The leaf payload <c>uint32(tensorIndex) ‖ uint32(row) ‖ row bytes</c>.</summary>
    public byte[] RowPayload(int tensorIndex, int row)
    {
        var tensor = _tensors[tensorIndex];
        var payload = new byte[8 + (tensor.RowLength * tensor.ElementSize)];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)tensorIndex);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)row);
        tensor.WriteRow(row, payload.AsSpan(8));
        return payload;
    }

    /// <summary>Merkle proof (siblings bottom-up) of the row's leaf against <see cref="Root"/>.</summary>
    public IReadOnlyList<Bytes32> Proof(int tensorIndex, int row) => MerkleTree.Proof(_leaves, LeafIndex(tensorIndex, row));
}
