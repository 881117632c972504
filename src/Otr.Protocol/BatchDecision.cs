namespace Otr.Protocol;

/// <summary>What <see cref="BatchPolicy.Decide"/> says to do now.</summary>
/// <param name="Count">Receipts to cut into a batch now, oldest first; 0 to wait.</param>
/// <param name="RecheckAfter">When nothing is cut but receipts wait: how long until the oldest reaches the maximum age. Null otherwise.</param>
public sealed record BatchDecision(int Count, TimeSpan? RecheckAfter)
{
    /// <summary>Nothing pending: wait for receipts.</summary>
    public static BatchDecision Idle { get; } = new(0, null);

    /// <summary>True when a batch should be cut now.</summary>
    public bool CutNow => Count > 0;
}
