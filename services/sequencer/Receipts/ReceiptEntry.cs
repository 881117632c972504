using System.Text.Json;
using Otr.Protocol;

namespace Otr.Sequencer.Receipts;

/// <summary>
/// One answered request as the sequencer keeps it: the verified signed receipt and everything a
/// challenger needs to re-execute it (prompt text, decoding parameters, generated tokens).
/// </summary>
/// <param name="Digest">The receipt's EIP-712 digest (the store key).</param>
/// <param name="Receipt">The signed receipt in its JSON wire form.</param>
/// <param name="Model">Model name.</param>
/// <param name="Prompt">Prompt text exactly as the executor tokenized it (chat: the rendered template).</param>
/// <param name="MaxTokens">Maximum generated tokens.</param>
/// <param name="TemperatureMilli">Temperature × 1000; 0 is greedy.</param>
/// <param name="Seed">Sampling seed.</param>
/// <param name="PromptTokens">Number of prompt tokens.</param>
/// <param name="Tokens">Generated token ids.</param>
/// <param name="Text">Decoded text of the tokens.</param>
/// <param name="FinishReason">The executor's finish reason.</param>
/// <param name="ReceivedAt">When the sequencer accepted the receipt.</param>
/// <param name="TraceParent">W3C traceparent of the client request, carried into the bus messages so a trace runs from request to L1.</param>
public sealed record ReceiptEntry(
    Bytes32 Digest,
    JsonElement Receipt,
    string Model,
    string Prompt,
    uint MaxTokens,
    uint TemperatureMilli,
    ulong Seed,
    int PromptTokens,
    IReadOnlyList<int> Tokens,
    string Text,
    string FinishReason,
    DateTimeOffset ReceivedAt,
    string? TraceParent = null);
