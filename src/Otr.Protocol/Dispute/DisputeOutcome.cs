namespace Otr.Protocol.Dispute;

/// <summary>Who won a resolved game (Solidity <c>DisputeOutcome</c>, same values).</summary>
public enum DisputeOutcome : byte
{
    /// <summary>Not resolved.</summary>
    None = 0,

    /// <summary>The executor won: the challenger's bond goes to the executor's operator; the receipt is final.</summary>
    ExecutorWins = 1,

    /// <summary>The challenger won: the executor's stake is slashed, the bond returned, the receipt invalidated.</summary>
    ChallengerWins = 2,
}
