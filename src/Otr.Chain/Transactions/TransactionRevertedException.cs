namespace Otr.Chain.Transactions;

/// <summary>
/// The intent's call reverts: either the gas estimate showed it would (nothing was sent,
/// <see cref="TransactionHash"/> is <c>null</c>) or it was mined with status 0.
/// </summary>
public sealed class TransactionRevertedException : TransactionManagerException
{
    /// <summary>Creates the exception.</summary>
    public TransactionRevertedException(string intentId, string? transactionHash, RevertInfo revert)
        : base(intentId, Describe(intentId, transactionHash, revert))
    {
        TransactionHash = transactionHash;
        Revert = revert;
    }

    /// <summary>Hash of the mined, reverted transaction; <c>null</c> when the revert was found before sending.</summary>
    public string? TransactionHash { get; }

    /// <summary>The decoded revert data.</summary>
    public RevertInfo Revert { get; }

    private static string Describe(string intentId, string? hash, RevertInfo revert) =>
        hash is null
            ? $"Intent '{intentId}' would revert (not sent): {revert}"
            : $"Intent '{intentId}' reverted in transaction {hash}: {revert}";
}
