using Microsoft.AspNetCore.Http;
using Otr.Api;

namespace Otr.Sequencer.OpenAi;

/// <summary>
/// A request the sequencer answers with an OpenAI-style error body instead of a completion.
/// Thrown anywhere in the request path and turned into JSON (or an SSE error event) at the edge.
/// </summary>
internal sealed class ApiProblemException : Exception
{
    public ApiProblemException(int status, ApiError error)
        : base(error.Error.Message)
    {
        Status = status;
        Error = error;
    }

    public ApiProblemException(int status, ApiError error, Exception inner)
        : base(error.Error.Message, inner)
    {
        Status = status;
        Error = error;
    }

    public int Status { get; }

    public ApiError Error { get; }

    public static ApiProblemException Invalid(string? param, string message, string code = "invalid_value") =>
        new(StatusCodes.Status400BadRequest, new ApiError(new ApiErrorDetail(message, "invalid_request_error", param, code)));

    public static ApiProblemException Missing(string param) =>
        Invalid(param, $"'{param}' is required", "missing_required_parameter");

    public static ApiProblemException Unsupported(string param, string message) =>
        Invalid(param, message, "unsupported_parameter");

    public static ApiProblemException ModelNotFound(string model) =>
        new(StatusCodes.Status404NotFound, new ApiError(new ApiErrorDetail(
            $"The model '{model}' does not exist or is not served by this sequencer (GET /v1/models lists them)",
            "invalid_request_error", "model", "model_not_found")));

    public static ApiProblemException Unauthorized(string message) =>
        new(StatusCodes.Status401Unauthorized, new ApiError(new ApiErrorDetail(message, "authentication_error", null, "invalid_api_key")));

    public static ApiProblemException UnsupportedMediaType(string? contentType) =>
        new(StatusCodes.Status415UnsupportedMediaType, new ApiError(new ApiErrorDetail(
            $"Content-Type must be application/json, got '{contentType ?? "(none)"}'", "invalid_request_error", null, "unsupported_media_type")));

    public static ApiProblemException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, new ApiError(new ApiErrorDetail(
            $"The request body is larger than {limit} bytes", "invalid_request_error", null, "request_too_large")));

    public static ApiProblemException NotFound(string? param, string message, string code) =>
        new(StatusCodes.Status404NotFound, new ApiError(new ApiErrorDetail(message, "invalid_request_error", param, code)));

    public static ApiProblemException Unavailable(string message) =>
        new(StatusCodes.Status503ServiceUnavailable, new ApiError(new ApiErrorDetail(message, "server_error", null, "executor_unavailable")));

    public static ApiProblemException BadExecutor(string message, string code = "receipt_invalid") =>
        new(StatusCodes.Status502BadGateway, new ApiError(new ApiErrorDetail(message, "server_error", null, code)));
}
