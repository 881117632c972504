namespace Otr.Protocol;

/// <summary>The dispute situation of one receipt on L1 (at most one game per receipt).</summary>
public enum ReceiptDispute
{
    /// <summary>No dispute game was ever opened on the receipt.</summary>
    None,

    /// <summary>A dispute game is open and unresolved.</summary>
    Open,

    /// <summary>The game resolved in the executor's favour.</summary>
    ExecutorWon,

    /// <summary>The game resolved against the executor.</summary>
    ExecutorLost,
}
