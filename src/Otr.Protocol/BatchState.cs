namespace Otr.Protocol;

/// <summary>Where a batch stands on its way to L1. Transitions: <see cref="BatchLifecycle"/>.</summary>
public enum BatchState
{
    /// <summary>Cut by the sequencer (or still collecting); no posting transaction in flight.</summary>
    Pending,

    /// <summary>The posting transaction was submitted and is not yet included.</summary>
    Posting,

    /// <summary>On L1 since <c>postedAt</c>; its challenge window is open.</summary>
    Posted,

    /// <summary>The window elapsed (or the batch was finalised on L1). Disputed receipts in it still resolve one by one.</summary>
    Final,
}
