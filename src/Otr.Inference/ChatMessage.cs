namespace Otr.Inference;

/// <summary>One chat turn for <see cref="ChatTemplate"/>.</summary>
/// <param name="Role">"system", "user" or "assistant".</param>
/// <param name="Content">The turn's text, inserted verbatim.</param>
public sealed record ChatMessage(string Role, string Content);
