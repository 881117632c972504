namespace Otr.Api;

/// <summary>
/// One NDJSON line of a streaming <c>POST /v1/execute</c>: <c>type = "token"</c> lines carry one
/// generated token and its text delta; the last line has <c>type = "done"</c> and the full <see cref="ExecuteResponse"/>.
/// </summary>
/// <param name="Type"><c>token</c> or <c>done</c>.</param>
/// <param name="Token">The token id (token lines).</param>
/// <param name="Text">The text delta (token lines; may be empty while a UTF-8 sequence is incomplete).</param>
/// <param name="Result">The final response (done line).</param>
public sealed record ExecuteStreamEvent(string Type, int? Token = null, string? Text = null, ExecuteResponse? Result = null);
