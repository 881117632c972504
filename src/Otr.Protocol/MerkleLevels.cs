namespace Otr.Protocol;

/// <summary>
/// Every level of a positional <see cref="MerkleTree"/> (leaves padded with zero to a power of two),
/// built once so that many proofs cost O(log n) each instead of a rebuild per proof.
/// </summary>
internal sealed class MerkleLevels
{
    private readonly List<Bytes32[]> _levels = [];

    public MerkleLevels(IReadOnlyList<Bytes32> leaves)
    {
        LeafCount = leaves.Count;
        var size = 1;
        while (size < leaves.Count)
        {
            size <<= 1;
        }

        var level = new Bytes32[size];
        for (var i = 0; i < size; i++)
        {
            level[i] = i < leaves.Count ? leaves[i] : Bytes32.Zero;
        }

        _levels.Add(level);
        while (level.Length > 1)
        {
            var next = new Bytes32[level.Length / 2];
            for (var i = 0; i < next.Length; i++)
            {
                next[i] = TreeHash.Node(level[2 * i], level[(2 * i) + 1]);
            }

            _levels.Add(next);
            level = next;
        }
    }

    public int LeafCount { get; }

    public int Depth => _levels.Count - 1;

    public Bytes32 Root => LeafCount == 0 ? Bytes32.Zero : _levels[^1][0];

    public Bytes32[] Proof(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, LeafCount);
        var proof = new Bytes32[Depth];
        for (var level = 0; level < Depth; level++)
        {
            proof[level] = _levels[level][(index >> level) ^ 1];
        }

        return proof;
    }
}
