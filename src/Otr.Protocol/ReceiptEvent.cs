namespace Otr.Protocol;

/// <summary>What can happen to a receipt. Which event is legal in which state: <see cref="ReceiptLifecycle"/>.</summary>
public enum ReceiptEvent
{
    /// <summary>The sequencer submitted (or re-submitted) the transaction posting the receipt's batch.</summary>
    BatchSubmitted,

    /// <summary>The posting transaction failed or was dropped before inclusion; the receipt goes back to be batched again.</summary>
    BatchDropped,

    /// <summary>The batch is on L1 (block timestamp = <c>postedAt</c>); the challenge window opens.</summary>
    BatchPosted,

    /// <summary>The block that posted the batch was reorganised away; the transaction is pending again.</summary>
    BatchReorged,

    /// <summary>A challenger opened a dispute game on the receipt (only inside the window, at most once).</summary>
    DisputeOpened,

    /// <summary>L1 time reached <c>postedAt + window</c>.</summary>
    WindowElapsed,

    /// <summary>The batch was finalised on L1 (after its window). Does not finalise a receipt under dispute.</summary>
    BatchFinalized,

    /// <summary>The dispute resolved in the executor's favour (the challenger's bond goes to the executor).</summary>
    DisputeWonByExecutor,

    /// <summary>The dispute resolved against the executor (stake slashed, receipt invalidated).</summary>
    DisputeLostByExecutor,
}
