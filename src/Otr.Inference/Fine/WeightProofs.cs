using System.Runtime.CompilerServices;
using Otr.Protocol;

namespace Otr.Inference.Fine;

/// <summary>
/// Merkle proofs of weight rows against the weights root from levels computed once per model
/// (<see cref="Q8WeightsTree.Proof"/> rebuilds the tree per call; a witness opens up to B + 2 rows).
/// Same positional tree and proof order as <see cref="MerkleTree"/>.
/// </summary>
internal sealed class WeightProofs
{
    private static readonly ConditionalWeakTable<Q8Model, WeightProofs> Cache = [];
    private readonly List<Bytes32[]> _levels = [];

    private WeightProofs(IReadOnlyList<Bytes32> leaves)
    {
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

    /// <summary>The proof cache of a model.</summary>
    public static WeightProofs For(Q8Model model) => Cache.GetValue(model, m => new WeightProofs(m.WeightsTree.Leaves));

    /// <summary>Siblings bottom-up of leaf <paramref name="index"/>.</summary>
    public IReadOnlyList<Bytes32> Proof(int index)
    {
        var proof = new Bytes32[_levels.Count - 1];
        for (var level = 0; level < proof.Length; level++)
        {
            proof[level] = _levels[level][(index >> level) ^ 1];
        }

        return proof;
    }
}
