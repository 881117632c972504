namespace Otr.Sequencer.OpenAi;

/// <summary>The bounds a request is validated against (from configuration).</summary>
/// <param name="MaxPromptChars">Largest prompt, in UTF-16 characters.</param>
/// <param name="MaxTokens">Largest <c>max_tokens</c>.</param>
/// <param name="DefaultMaxTokens"><c>max_tokens</c> when absent.</param>
/// <param name="MaxMessages">Largest number of chat messages.</param>
internal sealed record RequestLimits(int MaxPromptChars, int MaxTokens, int DefaultMaxTokens, int MaxMessages);
