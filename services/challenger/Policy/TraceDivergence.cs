using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// How our coarse trace differs from the one a receipt claims, and where a bisection over prefix
/// roots will start. The executor's leaves are not published with receipts, so the first differing
/// leaf is usually unknown until the dispute game reveals prefix roots; it is known when the
/// executor's leaves are (<see cref="ReceiptCheckFacts.ClaimedLeaves"/>) or when the claimed root is one
/// of our own prefix roots (the executor's trace is a strict prefix of ours).
/// </summary>
/// <param name="OurRoot">Our trace root.</param>
/// <param name="OurLength">Our trace length.</param>
/// <param name="ClaimedRoot">The receipt's trace root.</param>
/// <param name="ClaimedLength">The receipt's trace length.</param>
/// <param name="FirstDifferingLeaf">Index of the first leaf where the traces differ, when known.</param>
/// <param name="BisectionLow">Largest leaf count at which both prefix roots are known to agree (0 = empty prefix).</param>
/// <param name="BisectionHigh">Leaf count where the bisection over prefix roots starts from the top; if the executor's prefix root there equals ours, the first differing leaf is <paramref name="BisectionHigh"/> itself.</param>
public sealed record TraceDivergence(
    Bytes32 OurRoot,
    ulong OurLength,
    Bytes32 ClaimedRoot,
    ulong ClaimedLength,
    ulong? FirstDifferingLeaf,
    ulong BisectionLow,
    ulong BisectionHigh);
