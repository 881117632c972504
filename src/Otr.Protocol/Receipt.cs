namespace Otr.Protocol;

/// <summary>
/// The receipt an executor signs inside its TEE for one request (provisional finality).
/// Hashed as the EIP-712 struct <c>Receipt</c> described in docs/encodings.md.
/// </summary>
/// <param name="RequestId">32 random bytes chosen by the sequencer.</param>
/// <param name="ModelId"><c>keccak(utf8(model name))</c>.</param>
/// <param name="PromptHash"><c>keccak(utf8(prompt text))</c>.</param>
/// <param name="ParamsHash">Hash of the decoding parameters (see docs/encodings.md).</param>
/// <param name="OutputHash">Hash of the generated token ids.</param>
/// <param name="TraceRoot">Prefix root of the coarse trace accumulator.</param>
/// <param name="TraceLength">Number of coarse trace leaves.</param>
/// <param name="Executor">The enclave key's Ethereum address (0x-prefixed, 40 hex digits).</param>
/// <param name="Nonce">The sequencer's counter for this executor's receipts.</param>
/// <param name="IssuedAt">Unix seconds at signing.</param>
public sealed record Receipt(
    Bytes32 RequestId,
    Bytes32 ModelId,
    Bytes32 PromptHash,
    Bytes32 ParamsHash,
    Bytes32 OutputHash,
    Bytes32 TraceRoot,
    ulong TraceLength,
    string Executor,
    ulong Nonce,
    ulong IssuedAt);
