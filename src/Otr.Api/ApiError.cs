namespace Otr.Api;

/// <summary>OpenAI-style error body: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
/// <param name="Error">The error.</param>
public sealed record ApiError(ApiErrorDetail Error);
