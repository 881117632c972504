using Otr.Protocol;

namespace Otr.Executor.Inference;

/// <summary>An execute request that passed validation, with its prompt already tokenized.</summary>
/// <param name="RequestId">The sequencer's request id.</param>
/// <param name="Prompt">The prompt text (hashed into the receipt).</param>
/// <param name="PromptTokens"><c>ByteTokenizer.EncodePrompt(Prompt)</c>.</param>
/// <param name="Parameters">Decoding parameters.</param>
/// <param name="Nonce">The sequencer's nonce for this executor's receipts.</param>
internal sealed record ValidatedRequest(Bytes32 RequestId, string Prompt, int[] PromptTokens, DecodingParams Parameters, ulong Nonce);
