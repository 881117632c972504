using System.Text.Json;
using Otr.Protocol;
using Otr.Sequencer.Pipeline;

namespace Otr.Sequencer.OpenAi;

/// <summary>
/// Writes responses in OpenAI's shapes (<c>chat.completion</c>, <c>text_completion</c>, their stream
/// chunks, the model list), each completion extended with
/// <c>"otr": {"receipt": {…signed receipt…}, "receiptDigest": "0x…"}</c>.
/// </summary>
internal static class OpenAiResponseWriter
{
    public static string Id(CompletionKind kind, Bytes32 requestId) =>
        (kind == CompletionKind.Chat ? "chatcmpl-" : "cmpl-") + requestId.ToString()[2..];

    public static void WriteCompletion(Utf8JsonWriter json, CompletionKind kind, CompletionResult result)
    {
        json.WriteStartObject();
        WriteHeader(json, kind, stream: false, result.RequestId, result.Created, result.Model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        if (kind == CompletionKind.Chat)
        {
            json.WriteStartObject("message");
            json.WriteString("role", "assistant");
            json.WriteString("content", result.Text);
            json.WriteEndObject();
        }
        else
        {
            json.WriteString("text", result.Text);
        }

        json.WriteNull("logprobs");
        json.WriteString("finish_reason", result.FinishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, result);
        WriteOtr(json, result);
        json.WriteEndObject();
    }

    /// <summary>A chunk with one choice: a role announcement, a text delta, or the finish reason.</summary>
    public static void WriteChunk(Utf8JsonWriter json, CompletionKind kind, PreparedCompletion job, string? role, string? delta, string? finishReason)
    {
        json.WriteStartObject();
        WriteHeader(json, kind, stream: true, job.RequestId, job.Created, job.Model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        if (kind == CompletionKind.Chat)
        {
            json.WriteStartObject("delta");
            if (role is not null)
            {
                json.WriteString("role", role);
            }

            if (delta is not null)
            {
                json.WriteString("content", delta);
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteString("text", delta ?? "");
        }

        json.WriteNull("logprobs");
        if (finishReason is null)
        {
            json.WriteNull("finish_reason");
        }
        else
        {
            json.WriteString("finish_reason", finishReason);
        }

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The last chunk before <c>[DONE]</c>: no choices, the usage and the receipt (OpenAI's include_usage shape plus <c>otr</c>).</summary>
    public static void WriteFinalChunk(Utf8JsonWriter json, CompletionKind kind, CompletionResult result)
    {
        json.WriteStartObject();
        WriteHeader(json, kind, stream: true, result.RequestId, result.Created, result.Model);
        json.WriteStartArray("choices");
        json.WriteEndArray();
        WriteUsage(json, result);
        WriteOtr(json, result);
        json.WriteEndObject();
    }

    public static void WriteModels(Utf8JsonWriter json, IEnumerable<string> models)
    {
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        foreach (var model in models)
        {
            json.WriteStartObject();
            json.WriteString("id", model);
            json.WriteString("object", "model");
            json.WriteNumber("created", 0);
            json.WriteString("owned_by", "otr");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter json, CompletionKind kind, bool stream, Bytes32 requestId, long created, string model)
    {
        json.WriteString("id", Id(kind, requestId));
        json.WriteString("object", (kind, stream) switch
        {
            (CompletionKind.Chat, false) => "chat.completion",
            (CompletionKind.Chat, true) => "chat.completion.chunk",
            _ => "text_completion",
        });
        json.WriteNumber("created", created);
        json.WriteString("model", model);
    }

    private static void WriteUsage(Utf8JsonWriter json, CompletionResult result)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", result.PromptTokens);
        json.WriteNumber("completion_tokens", result.CompletionTokens);
        json.WriteNumber("total_tokens", result.PromptTokens + result.CompletionTokens);
        json.WriteEndObject();
    }

    private static void WriteOtr(Utf8JsonWriter json, CompletionResult result)
    {
        json.WriteStartObject("otr");
        json.WritePropertyName("receipt");
        result.Receipt.WriteTo(json);
        json.WriteString("receiptDigest", result.Digest.ToString());
        json.WriteEndObject();
    }
}
