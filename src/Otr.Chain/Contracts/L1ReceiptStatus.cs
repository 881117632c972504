namespace Otr.Chain.Contracts;

/// <summary>A receipt's state on L1 as <c>OtrRollup.receiptStatus</c> reports it (Solidity enum <c>ReceiptStatus</c>, same values).</summary>
public enum L1ReceiptStatus : byte
{
    /// <summary>Not (provably) in a posted batch: unknown batch, or the inclusion proof does not verify.</summary>
    None = 0,

    /// <summary>Reserved: the contract never returns it (a receipt is challengeable from the block its batch is posted).</summary>
    Posted = 1,

    /// <summary>In a posted batch whose challenge window is open.</summary>
    Challengeable = 2,

    /// <summary>The batch's challenge window has elapsed (whether or not <c>finalizeBatch</c> was called), or a dispute on the receipt was settled in the executor's favour.</summary>
    Final = 3,

    /// <summary>The dispute game invalidated the receipt.</summary>
    Invalidated = 4,

    /// <summary>A dispute game on the receipt is open; the window elapsing does not finalise it.</summary>
    Disputed = 5,
}
