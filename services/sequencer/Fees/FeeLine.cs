using System.Numerics;
using Otr.Protocol;

namespace Otr.Sequencer.Fees;

/// <summary>One attributed fee, one line of <c>fees.jsonl</c>: the receipt, who signed it, whose stake backs that key, and the fee.</summary>
/// <param name="Digest">The receipt's EIP-712 digest (the ledger key: a receipt is paid once).</param>
/// <param name="Model">Model name.</param>
/// <param name="Executor">The enclave key that signed the receipt.</param>
/// <param name="Operator">The account that registered that key in ExecutorRegistry.</param>
/// <param name="Tokens">Output tokens of the receipt.</param>
/// <param name="PricePerToken">The model's <c>pricePerToken</c> in ModelRegistry, wei.</param>
/// <param name="Wei">The fee: <paramref name="PricePerToken"/> × <paramref name="Tokens"/>.</param>
/// <param name="AttributedAt">When the fee was recorded.</param>
public sealed record FeeLine(
    Bytes32 Digest,
    string Model,
    string Executor,
    string Operator,
    long Tokens,
    BigInteger PricePerToken,
    BigInteger Wei,
    DateTimeOffset AttributedAt);
