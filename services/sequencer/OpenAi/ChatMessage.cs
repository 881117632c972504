namespace Otr.Sequencer.OpenAi;

/// <summary>One validated chat message: its role and its text content.</summary>
/// <param name="Role"><c>system</c>, <c>developer</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The message text (content parts already joined).</param>
public sealed record ChatMessage(string Role, string Content);
