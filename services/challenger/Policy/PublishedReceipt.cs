using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// A receipt as the sequencer publishes it on the receipts topic, with everything needed to check it:
/// the signature, the request's inputs and outputs in clear, and the receipt's place in its L1 batch.
/// </summary>
/// <param name="Receipt">The signed receipt fields.</param>
/// <param name="Signature">65-byte <c>r ‖ s ‖ v</c> signature over the receipt's EIP-712 digest.</param>
/// <param name="Prompt">Prompt text exactly as the tokenizer reads it.</param>
/// <param name="Params">Decoding parameters.</param>
/// <param name="OutputTokens">Generated token ids as published.</param>
/// <param name="OutputText">Decoded text as published.</param>
/// <param name="BatchIndex">Index of the L1 batch holding the receipt, when the publisher says.</param>
/// <param name="LeafIndex">Position of the receipt in that batch, when the publisher says.</param>
/// <param name="InclusionProof">Siblings from the receipt's batch leaf up to the batch root, when published with the receipt; else the challenger builds it from the batch's digest list.</param>
public sealed record PublishedReceipt(
    Receipt Receipt,
    byte[] Signature,
    string Prompt,
    DecodingParams Params,
    IReadOnlyList<int> OutputTokens,
    string OutputText,
    ulong? BatchIndex,
    ulong? LeafIndex,
    IReadOnlyList<Bytes32>? InclusionProof = null);
