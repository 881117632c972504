using System.Numerics;

namespace Otr.Chain.Transactions;

/// <summary>The durable record of one intent, written to the <see cref="ITxJournal"/> before the network sees any transaction.</summary>
public sealed record TxJournalEntry
{
    /// <summary>The intent's id.</summary>
    public required string IntentId { get; init; }

    /// <summary>Sending account (checksummed).</summary>
    public required string From { get; init; }

    /// <summary>Recipient, or <c>null</c> for a deployment.</summary>
    public string? To { get; init; }

    /// <summary>0x-prefixed call data.</summary>
    public required string Data { get; init; }

    /// <summary>Wei transferred.</summary>
    public BigInteger Value { get; init; }

    /// <summary>Gas limit of every attempt.</summary>
    public ulong GasLimit { get; init; }

    /// <summary>Nonce of every attempt.</summary>
    public ulong Nonce { get; init; }

    /// <summary>Signed versions of the transaction, oldest first.</summary>
    public IReadOnlyList<TxAttempt> Attempts { get; init; } = [];

    /// <summary>Current status.</summary>
    public TxIntentStatus Status { get; init; }

    /// <summary>Hash of the attempt that was mined, once <see cref="Status"/> is Mined or Reverted.</summary>
    public string? MinedTransactionHash { get; init; }

    /// <summary>Block number of the mined attempt.</summary>
    public ulong? BlockNumber { get; init; }

    /// <summary>0x-prefixed revert data of a reverted transaction (may be <c>"0x"</c>).</summary>
    public string? RevertData { get; init; }

    /// <summary>Why the intent failed or reverted, for people.</summary>
    public string? Error { get; init; }

    /// <summary>When this version of the entry was written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The intent this entry records, e.g. to resume it after a restart.</summary>
    public TxIntent ToIntent() => new() { IntentId = IntentId, To = To, Data = Data, Value = Value, GasLimit = GasLimit };
}
