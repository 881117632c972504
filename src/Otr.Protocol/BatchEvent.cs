namespace Otr.Protocol;

/// <summary>What can happen to a batch. Which event is legal in which state: <see cref="BatchLifecycle"/>.</summary>
public enum BatchEvent
{
    /// <summary>The posting transaction was submitted (or re-submitted, e.g. with a higher fee).</summary>
    Submitted,

    /// <summary>The posting transaction failed or was dropped before inclusion.</summary>
    Dropped,

    /// <summary>The posting transaction was included on L1.</summary>
    Posted,

    /// <summary>The block that posted the batch was reorganised away; the transaction is pending again.</summary>
    Reorged,

    /// <summary>L1 time reached <c>postedAt + window</c>.</summary>
    WindowElapsed,

    /// <summary>The batch was finalised on L1.</summary>
    Finalized,
}
