using Otr.Protocol;

namespace Otr.Messaging;

/// <summary>
/// Message on <see cref="Topics.Receipts"/>: a signed receipt with everything needed to re-execute it.
/// Consumers must check that the payload matches the receipt's hashes before trusting it.
/// </summary>
/// <param name="Receipt">The signed receipt as JSON, kept opaque here (its format is defined in Otr.Protocol).</param>
/// <param name="ReceiptDigest">The receipt's EIP-712 digest (0x-prefixed), as the sequencer computed it.</param>
/// <param name="Model">Model name (its keccak is the receipt's model id).</param>
/// <param name="Prompt">Prompt text exactly as hashed into the receipt.</param>
/// <param name="Decoding">Decoding parameters.</param>
/// <param name="OutputTokens">Generated token ids.</param>
/// <param name="OutputText">Generated text, for people.</param>
/// <param name="BatchIndex">Index of the L1 batch holding the receipt, once known.</param>
/// <param name="LeafIndex">Position of the receipt in that batch's Merkle tree, once known.</param>
public sealed record ReceiptPublished(
    string Receipt,
    string ReceiptDigest,
    string Model,
    string Prompt,
    DecodingParams Decoding,
    IReadOnlyList<int> OutputTokens,
    string OutputText,
    ulong? BatchIndex = null,
    ulong? LeafIndex = null);
