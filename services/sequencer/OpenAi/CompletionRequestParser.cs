using System.Text;
using System.Text.Json;
using Otr.Inference;

namespace Otr.Sequencer.OpenAi;

/// <summary>
/// Validates the JSON body of <c>/v1/chat/completions</c> and <c>/v1/completions</c> field by field,
/// so every rejection names the offending parameter. Pure: no I/O. Parameters OpenAI defines but
/// OTR cannot honour without changing what the receipt commits to (n, stop, top_p, penalties,
/// logit_bias, logprobs, tools, echo, best_of, suffix) are rejected unless they hold their neutral
/// value; unknown fields are ignored as OpenAI clients send many optional ones.
/// </summary>
internal static class CompletionRequestParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly string[] Roles = ["system", "developer", "user", "assistant"];

    public static CompletionRequest Parse(CompletionKind kind, JsonElement root, RequestLimits limits, Func<string, bool> isModel)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ApiProblemException.Invalid(null, "The request body must be a JSON object", "invalid_json");
        }

        var model = RequiredString(root, "model");
        string? prompt = null;
        IReadOnlyList<ChatMessage>? messages = null;
        if (kind == CompletionKind.Chat)
        {
            messages = ParseMessages(root, limits);
        }
        else
        {
            prompt = ParsePrompt(root, limits);
        }

        var maxTokens = ParseMaxTokens(root, kind, limits);
        var temperatureMilli = ParseTemperature(root);
        var seed = ParseSeed(root);
        var stream = OptionalBool(root, "stream") ?? false;
        if (Present(root, "stream_options", out var streamOptions) && streamOptions.ValueKind != JsonValueKind.Object)
        {
            throw ApiProblemException.Invalid("stream_options", "'stream_options' must be an object");
        }

        RejectUnsupported(root, kind);
        if (!isModel(model))
        {
            throw ApiProblemException.ModelNotFound(model);
        }

        return new CompletionRequest(kind, model, prompt, messages, maxTokens, temperatureMilli, seed, stream);
    }

    private static List<ChatMessage> ParseMessages(JsonElement root, RequestLimits limits)
    {
        if (!Present(root, "messages", out var array))
        {
            throw ApiProblemException.Missing("messages");
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw ApiProblemException.Invalid("messages", "'messages' must be an array of {role, content} objects");
        }

        var count = array.GetArrayLength();
        if (count == 0)
        {
            throw ApiProblemException.Invalid("messages", "'messages' must contain at least one message", "empty_array");
        }

        if (count > limits.MaxMessages)
        {
            throw ApiProblemException.Invalid("messages", $"'messages' has {count} messages; at most {limits.MaxMessages} are accepted", "array_too_long");
        }

        var messages = new List<ChatMessage>(count);
        var total = 0L;
        var i = 0;
        foreach (var message in array.EnumerateArray())
        {
            var at = $"messages[{i}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw ApiProblemException.Invalid(at, $"'{at}' must be an object with 'role' and 'content'");
            }

            var role = RequiredString(message, "role", at + ".role");
            if (!Roles.Contains(role, StringComparer.Ordinal))
            {
                throw ApiProblemException.Invalid(at + ".role", $"'{at}.role' is '{role}'; expected one of {string.Join(", ", Roles)}");
            }

            var content = ParseContent(message, at + ".content");
            if (ReservedMarkerIn(content) is { } marker)
            {
                // The chat template frames turns with these markers; inside content they would forge a turn.
                throw ApiProblemException.Invalid(at + ".content", $"'{at}.content' contains the reserved chat marker '{marker}'", "reserved_marker");
            }

            total += content.Length;
            if (total > limits.MaxPromptChars)
            {
                throw PromptTooLong("messages", limits);
            }

            messages.Add(new ChatMessage(role, content));
            i++;
        }

        if (messages.TrueForAll(m => m.Content.Length == 0))
        {
            throw ApiProblemException.Invalid("messages", "every message in 'messages' is empty", "empty_prompt");
        }

        return messages;
    }

    private static string? ReservedMarkerIn(string content)
    {
        for (var token = ByteTokenizer.Bos; token < ByteTokenizer.VocabSize; token++)
        {
            var marker = ByteTokenizer.Marker(token);
            if (content.Contains(marker, StringComparison.Ordinal))
            {
                return marker;
            }
        }

        return null;
    }

    private static string ParseContent(JsonElement message, string param)
    {
        if (!Present(message, "content", out var content))
        {
            throw ApiProblemException.Missing(param);
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return ReadText(content, param);
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw ApiProblemException.Invalid(param, $"'{param}' must be a string or an array of text parts");
        }

        var text = new StringBuilder();
        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var at = $"{param}[{j}]";
            if (part.ValueKind != JsonValueKind.Object)
            {
                throw ApiProblemException.Invalid(at, $"'{at}' must be an object {{\"type\": \"text\", \"text\": ...}}");
            }

            var type = RequiredString(part, "type", at + ".type");
            if (type != "text")
            {
                throw ApiProblemException.Unsupported(at + ".type", $"'{at}.type' is '{type}'; only text parts are supported");
            }

            text.Append(RequiredString(part, "text", at + ".text"));
            j++;
        }

        return text.ToString();
    }

    private static string ParsePrompt(JsonElement root, RequestLimits limits)
    {
        if (!Present(root, "prompt", out var prompt))
        {
            throw ApiProblemException.Missing("prompt");
        }

        string text;
        if (prompt.ValueKind == JsonValueKind.String)
        {
            text = ReadText(prompt, "prompt");
        }
        else if (prompt.ValueKind == JsonValueKind.Array && prompt.GetArrayLength() == 1 && prompt[0].ValueKind == JsonValueKind.String)
        {
            text = ReadText(prompt[0], "prompt");
        }
        else
        {
            throw ApiProblemException.Invalid("prompt", "'prompt' must be a string (or an array holding exactly one string)");
        }

        if (text.Length == 0)
        {
            throw ApiProblemException.Invalid("prompt", "'prompt' is empty", "empty_prompt");
        }

        if (text.Length > limits.MaxPromptChars)
        {
            throw PromptTooLong("prompt", limits);
        }

        return text;
    }

    private static uint ParseMaxTokens(JsonElement root, CompletionKind kind, RequestLimits limits)
    {
        var name = "max_tokens";
        if (!Present(root, name, out var value) && kind == CompletionKind.Chat && Present(root, "max_completion_tokens", out value))
        {
            name = "max_completion_tokens";
        }

        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return (uint)limits.DefaultMaxTokens;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var n) || n < 1 || n > limits.MaxTokens)
        {
            throw ApiProblemException.Invalid(name, $"'{name}' must be an integer between 1 and {limits.MaxTokens}");
        }

        return (uint)n;
    }

    private static uint ParseTemperature(JsonElement root)
    {
        if (!Present(root, "temperature", out var value))
        {
            return 1000;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var t) || t < 0 || t > 2)
        {
            throw ApiProblemException.Invalid("temperature", "'temperature' must be a number between 0 and 2");
        }

        return (uint)Math.Round(t * 1000m, MidpointRounding.AwayFromZero);
    }

    private static ulong? ParseSeed(JsonElement root)
    {
        if (!Present(root, "seed", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out var seed))
        {
            throw ApiProblemException.Invalid("seed", "'seed' must be an integer between 0 and 18446744073709551615");
        }

        return seed;
    }

    private static void RejectUnsupported(JsonElement root, CompletionKind kind)
    {
        RequireNeutral(root, "n", v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n == 1, "only n = 1 is supported");
        RequireNeutral(root, "stop", v => v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0, "stop sequences are not supported (the receipt commits to max_tokens, temperature and seed only)");
        RequireNeutral(root, "top_p", v => v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var p) && p == 1, "only top_p = 1 is supported");
        RequireNeutral(root, "frequency_penalty", IsZero, "only frequency_penalty = 0 is supported");
        RequireNeutral(root, "presence_penalty", IsZero, "only presence_penalty = 0 is supported");
        RequireNeutral(root, "logit_bias", v => v.ValueKind == JsonValueKind.Object && !v.EnumerateObject().Any(), "logit_bias is not supported");
        RequireNeutral(root, "logprobs", v => v.ValueKind == JsonValueKind.False || IsZero(v), "logprobs are not supported");
        RequireNeutral(root, "top_logprobs", IsZero, "top_logprobs are not supported");
        if (kind == CompletionKind.Chat)
        {
            RequireNeutral(root, "tools", v => v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0, "tools are not supported");
            RequireNeutral(root, "functions", v => v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0, "functions are not supported");
            RequireNeutral(root, "response_format", v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "text", "only response_format {\"type\": \"text\"} is supported");
        }
        else
        {
            RequireNeutral(root, "echo", v => v.ValueKind == JsonValueKind.False, "echo is not supported");
            RequireNeutral(root, "best_of", v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n == 1, "only best_of = 1 is supported");
            RequireNeutral(root, "suffix", v => v.ValueKind == JsonValueKind.String && v.GetString()!.Length == 0, "suffix is not supported");
        }
    }

    private static bool IsZero(JsonElement v) => v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) && d == 0;

    private static void RequireNeutral(JsonElement root, string name, Func<JsonElement, bool> isNeutral, string message)
    {
        if (Present(root, name, out var value) && !isNeutral(value))
        {
            throw ApiProblemException.Unsupported(name, message);
        }
    }

    private static ApiProblemException PromptTooLong(string param, RequestLimits limits) =>
        ApiProblemException.Invalid(param, $"The prompt is longer than {limits.MaxPromptChars} characters", "context_length_exceeded");

    /// <summary>True when the property exists and is not null (OpenAI treats null as absent).</summary>
    private static bool Present(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    private static bool? OptionalBool(JsonElement obj, string name)
    {
        if (!Present(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiProblemException.Invalid(name, $"'{name}' must be true or false"),
        };
    }

    private static string RequiredString(JsonElement obj, string name, string? param = null)
    {
        param ??= name;
        if (!Present(obj, name, out var value))
        {
            throw ApiProblemException.Missing(param);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw ApiProblemException.Invalid(param, $"'{param}' must be a string");
        }

        return ReadText(value, param);
    }

    /// <summary>
    /// Reads a JSON string and insists it is valid Unicode: the prompt hash is keccak over its
    /// UTF-8 bytes, and a lone surrogate has no UTF-8 form every party would agree on.
    /// </summary>
    private static string ReadText(JsonElement value, string param)
    {
        string text;
        try
        {
            text = value.GetString()!;
            _ = StrictUtf8.GetByteCount(text);
        }
        catch (Exception e) when (e is InvalidOperationException or EncoderFallbackException or ArgumentException)
        {
            throw ApiProblemException.Invalid(param, $"'{param}' is not valid Unicode text (lone surrogate)", "invalid_encoding");
        }

        return text;
    }
}
