using System.Text.Json;
using Otr.Protocol;

namespace Otr.Sequencer.Pipeline;

/// <summary>A verified and stored answer, ready to be written in OpenAI shape.</summary>
/// <param name="RequestId">The request id the receipt commits to.</param>
/// <param name="Model">Model name.</param>
/// <param name="Created">Unix seconds when the sequencer accepted the request.</param>
/// <param name="PromptTokens">Number of prompt tokens.</param>
/// <param name="CompletionTokens">Number of generated tokens.</param>
/// <param name="Text">The generated text.</param>
/// <param name="FinishReason">OpenAI finish reason: <c>stop</c> or <c>length</c>.</param>
/// <param name="Receipt">The signed receipt in its JSON wire form.</param>
/// <param name="Digest">The receipt's EIP-712 digest.</param>
internal sealed record CompletionResult(
    Bytes32 RequestId,
    string Model,
    long Created,
    int PromptTokens,
    int CompletionTokens,
    string Text,
    string FinishReason,
    JsonElement Receipt,
    Bytes32 Digest);
