namespace Otr.Protocol.Dispute;

/// <summary>Who sends a move: the executor's operator, the challenger, or anyone else.</summary>
public enum DisputeRole
{
    /// <summary>The executor's operator (the defender).</summary>
    Executor,

    /// <summary>The account that opened the game.</summary>
    Challenger,

    /// <summary>Any other account (may send the step, the instant proofs and timeouts).</summary>
    Bystander,
}
