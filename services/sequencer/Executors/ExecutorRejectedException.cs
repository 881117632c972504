using Otr.Api;

namespace Otr.Sequencer.Executors;

/// <summary>An executor refused the request itself (4xx), e.g. the prompt does not fit the model's context.</summary>
public sealed class ExecutorRejectedException : Exception
{
    /// <summary>Creates the exception from the executor's status and error body.</summary>
    public ExecutorRejectedException(int status, ApiError error)
        : base(error.Error.Message)
    {
        Status = status;
        Error = error;
    }

    /// <summary>Creates the exception.</summary>
    public ExecutorRejectedException()
        : this(400, new ApiError(new ApiErrorDetail("rejected by executor", "invalid_request_error")))
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExecutorRejectedException(string message)
        : this(400, new ApiError(new ApiErrorDetail(message, "invalid_request_error")))
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ExecutorRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Error = new ApiError(new ApiErrorDetail(message, "invalid_request_error"));
    }

    /// <summary>The executor's HTTP status (4xx).</summary>
    public int Status { get; }

    /// <summary>The executor's error body.</summary>
    public ApiError Error { get; }
}
