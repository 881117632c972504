using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// Pure: locates where our coarse trace and a claimed one part ways, as far as can be known without
/// the executor's help, using the prefix roots of our own accumulator.
/// </summary>
public static class TraceDivergenceSolver
{
    /// <summary>Prefix roots of the accumulator over <paramref name="leaves"/>: element <c>n</c> is the root after <c>n</c> leaves.</summary>
    public static IReadOnlyList<Bytes32> PrefixRoots(IReadOnlyList<Bytes32> leaves)
    {
        var acc = Accumulate(leaves);
        var roots = new Bytes32[leaves.Count + 1];
        for (var n = 0; n <= leaves.Count; n++)
        {
            roots[n] = acc.RootAt(n);
        }

        return roots;
    }

    /// <summary>
    /// Describes the divergence between our re-execution and a claimed (root, length). With the
    /// executor's leaves the first differing index is exact; without them it is known only when the
    /// claimed root is one of our prefix roots, else the bisection range is the whole common length.
    /// </summary>
    public static TraceDivergence Locate(Reexecution ours, Bytes32 claimedRoot, ulong claimedLength, IReadOnlyList<Bytes32>? claimedLeaves)
    {
        ArgumentNullException.ThrowIfNull(ours);
        var ourLength = (ulong)ours.Leaves.Count;
        var common = Math.Min(ourLength, claimedLength);

        ulong? first = null;
        if (claimedLeaves is not null)
        {
            var n = Math.Min(ours.Leaves.Count, claimedLeaves.Count);
            var i = 0;
            while (i < n && ours.Leaves[i] == claimedLeaves[i])
            {
                i++;
            }

            first = (ulong)i;
        }
        else if (claimedLength < ourLength && Accumulate(ours.Leaves).RootAt((long)claimedLength) == claimedRoot)
        {
            // The executor committed to a strict prefix of our trace: it stopped early.
            first = claimedLength;
        }

        return first is { } f
            ? new TraceDivergence(ours.TraceRoot, ours.TraceLength, claimedRoot, claimedLength, f, f, f)
            : new TraceDivergence(ours.TraceRoot, ours.TraceLength, claimedRoot, claimedLength, null, 0, common);
    }

    private static TraceAccumulator Accumulate(IReadOnlyList<Bytes32> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var acc = new TraceAccumulator();
        foreach (var leaf in leaves)
        {
            acc.Append(leaf);
        }

        return acc;
    }
}
