using Otr.Api;

namespace Otr.Sequencer.Executors;

/// <summary>An executor refused the request itself (4xx), e.g. the prompt does not fit the model's context.</summary>
/// <param name="status">The executor's HTTP status (4xx).</param>
/// <param name="error">The executor's error body.</param>
public sealed class ExecutorRejectedException(int status, ApiError error) : Exception(error?.Error.Message)
{
    /// <summary>The executor's HTTP status (4xx).</summary>
    public int Status { get; } = status;

    /// <summary>The executor's error body.</summary>
    public ApiError Error { get; } = error ?? throw new ArgumentNullException(nameof(error));
}
