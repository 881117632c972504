using System.Text.Json;

namespace Otr.Api;

/// <summary>Answer of <c>POST /v1/execute</c>: the generated tokens, their text and the signed receipt.</summary>
/// <param name="Model">Model name.</param>
/// <param name="PromptTokens">Number of prompt tokens.</param>
/// <param name="Tokens">Generated token ids (the receipt's outputHash commits to them).</param>
/// <param name="Text">Decoded text of <paramref name="Tokens"/>.</param>
/// <param name="FinishReason"><c>stop</c> (end of sequence), <c>length</c> (max tokens) or <c>context</c> (context full).</param>
/// <param name="Receipt">The signed receipt in its JSON wire form (see docs/encodings.md, "Receipt JSON").</param>
public sealed record ExecuteResponse(
    string Model,
    int PromptTokens,
    IReadOnlyList<int> Tokens,
    string Text,
    string FinishReason,
    JsonElement Receipt);
