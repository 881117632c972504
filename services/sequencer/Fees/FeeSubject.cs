using Otr.Protocol;

namespace Otr.Sequencer.Fees;

/// <summary>What a fee is decided from: a stored receipt's digest, model, signer and output length.</summary>
/// <param name="Digest">The receipt's digest.</param>
/// <param name="Model">Model name (the receipt's <c>modelId</c> is its keccak).</param>
/// <param name="Executor">The enclave key that signed the receipt.</param>
/// <param name="Tokens">Output tokens.</param>
public sealed record FeeSubject(Bytes32 Digest, string Model, string Executor, long Tokens);
