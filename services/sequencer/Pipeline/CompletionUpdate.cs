namespace Otr.Sequencer.Pipeline;

/// <summary>One step of a streamed completion: a text delta, or the final verified and stored result.</summary>
/// <param name="Delta">Text delta (null on the final update).</param>
/// <param name="Result">The result (final update only).</param>
internal sealed record CompletionUpdate(string? Delta, CompletionResult? Result);
