using CsCheck;
using Otr.Protocol;

namespace Otr.Challenger.Tests.Policy;

public sealed class TraceDivergenceSolverTests
{
    private static Reexecution Ours(IReadOnlyList<Bytes32> leaves) =>
        new([], ReceiptCase.Root(leaves), (ulong)leaves.Count, leaves);

    [Fact]
    public void PrefixRoots_Empty_HasOnlyEmptyRoot()
    {
        var roots = TraceDivergenceSolver.PrefixRoots([]);

        Assert.Single(roots);
    }

    [Fact]
    public void Locate_AnyDivergencePointWithExecutorLeaves_FindsIt()
    {
        Gen.Int[1, 40].SelectMany(n => Gen.Int[0, n - 1].Select(k => (n, k))).Sample(t =>
        {
            var (n, k) = t;
            var claimed = ReceiptCase.Leaves(n, 1);
            var ours = (IReadOnlyList<Bytes32>)[.. claimed.Take(k), .. ReceiptCase.Leaves(n, 2).Skip(k)];

            var d = TraceDivergenceSolver.Locate(Ours(ours), ReceiptCase.Root(claimed), (ulong)n, claimed);

            Assert.Equal((ulong)k, d.FirstDifferingLeaf);
        });
    }

    [Fact]
    public void Locate_ClaimIsStrictPrefixOfOurs_FindsFirstMissingLeafWithoutExecutorLeaves()
    {
        Gen.Int[1, 40].SelectMany(n => Gen.Int[0, n - 1].Select(k => (n, k))).Sample(t =>
        {
            var (n, k) = t;
            var ours = ReceiptCase.Leaves(n, 3);
            var prefix = ours.Take(k).ToList();

            var d = TraceDivergenceSolver.Locate(Ours(ours), ReceiptCase.Root(prefix), (ulong)k, null);

            Assert.Equal((ulong)k, d.FirstDifferingLeaf);
            Assert.Equal((ulong)k, d.BisectionLow);
            Assert.Equal((ulong)k, d.BisectionHigh);
        });
    }

    [Fact]
    public void Locate_UnrelatedClaim_BisectsOverCommonLength()
    {
        Gen.Int[0, 30].SelectMany(n => Gen.Int[0, 30].Select(m => (n, m))).Sample(t =>
        {
            var (n, m) = t;
            var ours = ReceiptCase.Leaves(n, 4);
            var claimedRoot = Keccak.Hash([0xab, (byte)m]);

            var d = TraceDivergenceSolver.Locate(Ours(ours), claimedRoot, (ulong)m, null);

            Assert.Null(d.FirstDifferingLeaf);
            Assert.Equal(0ul, d.BisectionLow);
            Assert.Equal((ulong)Math.Min(n, m), d.BisectionHigh);
            Assert.Equal((ulong)n, d.OurLength);
        });
    }
}
