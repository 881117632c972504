namespace Otr.Api;

/// <summary>The error inside <see cref="ApiError"/>.</summary>
/// <param name="Message">Human-readable message naming what is wrong.</param>
/// <param name="Type">Category, e.g. <c>invalid_request_error</c>, <c>authentication_error</c>.</param>
/// <param name="Param">The offending request field, if any.</param>
/// <param name="Code">A stable machine-readable code, e.g. <c>model_not_found</c>.</param>
public sealed record ApiErrorDetail(string Message, string Type, string? Param = null, string? Code = null);
