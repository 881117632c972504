namespace Otr.Inference;

/// <summary>The outcome of <see cref="IQ8Engine.Generate"/>.</summary>
/// <param name="Tokens">Generated token ids, excluding the prompt (EOS included when it ended generation).</param>
/// <param name="FinishReason">Why generation stopped.</param>
/// <param name="PromptLength">Number of prompt tokens read.</param>
/// <param name="TraceLength">Number of coarse trace leaves produced (whether or not a sink was given).</param>
public sealed record GenerationResult(IReadOnlyList<int> Tokens, FinishReason FinishReason, int PromptLength, long TraceLength);
