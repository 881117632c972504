using Otr.Protocol;

namespace Otr.Chain.Contracts;

/// <summary>A <c>DisputeOpened</c> log: which game, between whom, and the transaction that opened it.</summary>
/// <param name="Digest">The game's id (the receipt digest).</param>
/// <param name="Challenger">The account that opened it.</param>
/// <param name="Executor">The receipt's enclave key.</param>
/// <param name="Operator">The executor's operator (plays the executor's moves).</param>
/// <param name="TransactionHash">The opening transaction.</param>
/// <param name="BlockNumber">Its block.</param>
public sealed record OpenedDispute(Bytes32 Digest, string Challenger, string Executor, string Operator, string TransactionHash, ulong BlockNumber);
