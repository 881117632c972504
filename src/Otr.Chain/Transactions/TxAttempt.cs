using System.Numerics;

namespace Otr.Chain.Transactions;

/// <summary>One signed version of an intent's transaction (the first send or a fee bump), all under the same nonce.</summary>
/// <param name="Hash">Transaction hash.</param>
/// <param name="RawTransaction">0x-prefixed signed raw transaction, kept so a restarted process can re-broadcast it.</param>
/// <param name="MaxFeePerGas">EIP-1559 max fee per gas, in wei.</param>
/// <param name="MaxPriorityFeePerGas">EIP-1559 priority fee (tip) per gas, in wei.</param>
/// <param name="SignedAt">When it was signed.</param>
public sealed record TxAttempt(
    string Hash,
    string RawTransaction,
    BigInteger MaxFeePerGas,
    BigInteger MaxPriorityFeePerGas,
    DateTimeOffset SignedAt);
