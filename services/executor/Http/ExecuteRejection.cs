using Otr.Api;

namespace Otr.Executor.Http;

/// <summary>Why an execute request is refused: the HTTP status and the OpenAI-style error body.</summary>
/// <param name="Status">A 4xx status.</param>
/// <param name="Error">The error body.</param>
internal sealed record ExecuteRejection(int Status, ApiError Error)
{
    public static ExecuteRejection BadRequest(string message, string? param, string code) =>
        new(StatusCodes.Status400BadRequest, new ApiError(new ApiErrorDetail(message, "invalid_request_error", param, code)));
}
