using Otr.Protocol.Dispute;

namespace Otr.Protocol.Tests.Dispute;

/// <summary>
/// A coarse trace in the shape docs/encodings.md gives it, for game tests: per processed position, steps 0..L as
/// opaque leaves from <paramref name="hiddenLeaf"/>, then at emitting positions the real emit leaf of the computed
/// token. Used by the in-memory game kit and by the game tests on Anvil.
/// </summary>
internal static class SyntheticCoarseTrace
{
    /// <summary>The leaves and the emit leaves among them.</summary>
    /// <param name="promptTokens">Prompt token count n (at least 1).</param>
    /// <param name="layers">Layer count L.</param>
    /// <param name="computed">The computed (emitted) tokens, one per emitting position.</param>
    /// <param name="hiddenLeaf">The leaf of step l at position t.</param>
    /// <param name="emits">The emit leaves, in order.</param>
    public static List<Bytes32> Build(uint promptTokens, uint layers, IReadOnlyList<uint> computed, Func<uint, uint, Bytes32> hiddenLeaf, out List<TraceEmit> emits)
    {
        var leaves = new List<Bytes32>();
        emits = [];
        var positions = promptTokens + (uint)computed.Count - 1;
        for (uint t = 0; t < positions; t++)
        {
            for (uint l = 0; l <= layers; l++)
            {
                leaves.Add(hiddenLeaf(t, l));
            }

            if (t >= promptTokens - 1)
            {
                var token = computed[(int)(t - (promptTokens - 1))];
                emits.Add(new TraceEmit((ulong)leaves.Count, t, layers + 1, token));
                leaves.Add(DisputeRules.EmitLeaf(t, layers + 1, token));
            }
        }

        return leaves;
    }
}
