using Otr.Api;
using Otr.Executor.Configuration;
using Otr.Executor.Inference;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Http;

/// <summary>Checks an <see cref="ExecuteRequest"/> against the served model and the limits; pure.</summary>
internal static class ExecuteRequestValidator
{
    public static ExecuteRejection? Validate(ExecuteRequest? request, ServedModel model, ExecutorOptions options, out ValidatedRequest? validated)
    {
        validated = null;
        if (request is null)
        {
            return ExecuteRejection.BadRequest("the request body must be a JSON ExecuteRequest object", null, "invalid_json");
        }

        if (!IsBytes32(request.RequestId, out var requestId))
        {
            return ExecuteRejection.BadRequest(
                $"requestId must be 0x followed by 64 hex digits, got '{request.RequestId}'", "requestId", "invalid_request_id");
        }

        if (string.IsNullOrEmpty(request.Model))
        {
            return ExecuteRejection.BadRequest("model is required", "model", "missing_model");
        }

        if (!string.Equals(request.Model, model.Name, StringComparison.Ordinal))
        {
            return new ExecuteRejection(
                StatusCodes.Status404NotFound,
                new ApiError(new ApiErrorDetail(
                    $"this executor serves model '{model.Name}', not '{request.Model}'", "invalid_request_error", "model", "model_not_found")));
        }

        if (request.Prompt is null)
        {
            return ExecuteRejection.BadRequest("prompt is required", "prompt", "missing_prompt");
        }

        if (request.Prompt.Length > options.MaxPromptChars)
        {
            return ExecuteRejection.BadRequest(
                $"prompt has {request.Prompt.Length} characters; this executor accepts at most {options.MaxPromptChars}", "prompt", "prompt_too_long");
        }

        if (request.MaxTokens < 1 || request.MaxTokens > options.MaxTokensLimit)
        {
            return ExecuteRejection.BadRequest(
                $"maxTokens must be between 1 and {options.MaxTokensLimit}, got {request.MaxTokens}", "maxTokens", "invalid_max_tokens");
        }

        if (request.TemperatureMilli > options.MaxTemperatureMilli)
        {
            return ExecuteRejection.BadRequest(
                $"temperatureMilli must be at most {options.MaxTemperatureMilli}, got {request.TemperatureMilli}", "temperatureMilli", "invalid_temperature");
        }

        var tokens = ByteTokenizer.EncodePrompt(request.Prompt);
        if (tokens.Length > model.ContextLength)
        {
            return ExecuteRejection.BadRequest(
                $"the prompt is {tokens.Length} tokens (with BOS); model '{model.Name}' has a context of {model.ContextLength} tokens",
                "prompt",
                "context_length_exceeded");
        }

        validated = new ValidatedRequest(
            requestId, request.Prompt, tokens, new DecodingParams(request.MaxTokens, request.TemperatureMilli, request.Seed), request.Nonce);
        return null;
    }

    private static bool IsBytes32(string? text, out Bytes32 value)
    {
        value = default;
        return text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && Bytes32.TryParse(text, out value);
    }
}
