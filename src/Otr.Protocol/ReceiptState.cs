namespace Otr.Protocol;

/// <summary>Where a receipt stands between provisional (TEE) finality and L1 finality. Transitions: <see cref="ReceiptLifecycle"/>.</summary>
public enum ReceiptState
{
    /// <summary>Signed by the enclave; its batch (if any) is not yet submitted to L1.</summary>
    Provisional,

    /// <summary>Its batch's posting transaction was submitted to L1 and is not yet included.</summary>
    Posted,

    /// <summary>Its batch is on L1 and the challenge window (<c>postedAt + window</c>) is open; no dispute.</summary>
    Challengeable,

    /// <summary>A dispute game on this receipt is open. The window elapsing does not finalise it.</summary>
    Disputed,

    /// <summary>Final: the window elapsed without a dispute, or the executor won the dispute.</summary>
    Final,

    /// <summary>The executor lost a dispute on this receipt (and was slashed). Terminal.</summary>
    Invalidated,
}
