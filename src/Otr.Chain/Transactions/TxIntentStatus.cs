namespace Otr.Chain.Transactions;

/// <summary>Where an intent stands in the journal.</summary>
public enum TxIntentStatus
{
    /// <summary>Signed with a nonce and (probably) broadcast; not yet mined and confirmed.</summary>
    Pending,

    /// <summary>Mined with status 1 and confirmed. Terminal: the intent is never sent again.</summary>
    Mined,

    /// <summary>Mined with status 0. Terminal: the intent is never sent again (use a new intent id).</summary>
    Reverted,

    /// <summary>
    /// Not executed: the node rejected it before it entered a block, or its nonce was used by another
    /// transaction. Sending the intent again starts over with a fresh nonce.
    /// </summary>
    Failed,
}
