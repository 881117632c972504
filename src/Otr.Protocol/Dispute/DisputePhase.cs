namespace Otr.Protocol.Dispute;

/// <summary>
/// Where a dispute game stands, and so whose move it is; the same values as the Solidity enum
/// <c>DisputePhase</c> (contracts/src/Types.sol). Executor moves: <see cref="CoarseBisect"/>,
/// <see cref="CoarseLeaf"/>, <see cref="FineCommit"/>, <see cref="FineBisect"/>, <see cref="FineLeaf"/>;
/// challenger moves: <see cref="CoarseRespond"/>, <see cref="FineRespond"/>, <see cref="OneStep"/>.
/// </summary>
public enum DisputePhase : byte
{
    /// <summary>No game on the receipt.</summary>
    None = 0,

    /// <summary>The executor reveals its coarse prefix root at the midpoint.</summary>
    CoarseBisect = 1,

    /// <summary>The challenger agrees or disagrees with the revealed coarse root.</summary>
    CoarseRespond = 2,

    /// <summary>One coarse step k is left: the executor reveals its coarse leaf k.</summary>
    CoarseLeaf = 3,

    /// <summary>The executor commits its fine trace of step k.</summary>
    FineCommit = 4,

    /// <summary>The executor reveals its fine prefix root at the midpoint.</summary>
    FineBisect = 5,

    /// <summary>The challenger agrees or disagrees with the revealed fine root.</summary>
    FineRespond = 6,

    /// <summary>One fine leaf i is left: the executor reveals it.</summary>
    FineLeaf = 7,

    /// <summary>The one-step verifier is due (anyone may send it; a missing step counts against the challenger).</summary>
    OneStep = 8,

    /// <summary>Terminal.</summary>
    Resolved = 9,
}
