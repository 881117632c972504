using System.Numerics;

namespace Otr.Chain.Transactions;

/// <summary>
/// A transaction the caller wants executed exactly once, named by a caller-chosen stable
/// <see cref="IntentId"/> (e.g. <c>"batch-17"</c>). Sending the same intent again, from this process or
/// a restarted one, re-attaches to the transaction already sent instead of sending a new one.
/// </summary>
public sealed record TxIntent
{
    /// <summary>Stable, unique name of this intent within its journal (e.g. <c>"batch-17"</c>).</summary>
    public required string IntentId { get; init; }

    /// <summary>Recipient address; <c>null</c> deploys <see cref="Data"/> as init code.</summary>
    public string? To { get; init; }

    /// <summary>0x-prefixed call data (or init code for a deployment). Default <c>"0x"</c>.</summary>
    public string Data { get; init; } = "0x";

    /// <summary>Wei to transfer with the call.</summary>
    public BigInteger Value { get; init; }

    /// <summary>Fixed gas limit; <c>null</c> (default) estimates it (and rejects calls that would revert).</summary>
    public ulong? GasLimit { get; init; }

    /// <summary>An intent that calls <paramref name="to"/> with <paramref name="data"/>.</summary>
    public static TxIntent Call(string intentId, string to, string data, BigInteger value = default) =>
        new() { IntentId = intentId, To = to, Data = data, Value = value };

    /// <summary>An intent that sends <paramref name="value"/> wei to <paramref name="to"/>.</summary>
    public static TxIntent Transfer(string intentId, string to, BigInteger value) =>
        new() { IntentId = intentId, To = to, Value = value };

    /// <summary>An intent that deploys a contract from <paramref name="initCode"/> (0x-prefixed).</summary>
    public static TxIntent Deploy(string intentId, string initCode) =>
        new() { IntentId = intentId, To = null, Data = initCode };
}
