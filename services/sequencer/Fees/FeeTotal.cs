using System.Numerics;

namespace Otr.Sequencer.Fees;

/// <summary>Fees earned by one enclave key (and its operator).</summary>
/// <param name="Executor">The enclave key.</param>
/// <param name="Operator">Its operator.</param>
/// <param name="Receipts">Receipts paid.</param>
/// <param name="Tokens">Output tokens paid.</param>
/// <param name="Wei">Sum of the fees, wei.</param>
public sealed record FeeTotal(string Executor, string Operator, long Receipts, long Tokens, BigInteger Wei);
