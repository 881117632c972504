using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// A q8-exact execution engine. Every implementation produces the same tokens and the same
/// trace leaves, bit for bit, for the same (model, prompt tokens, parameters).
/// </summary>
public interface IQ8Engine
{
    /// <summary>The model the engine runs.</summary>
    Q8Model Model { get; }

    /// <summary>
    /// Reads <paramref name="promptTokens"/> (1..C ids, normally <see cref="ByteTokenizer.EncodePrompt"/>),
    /// then generates until EOS, <c>MaxTokens</c> or the end of the context. Leaves go to
    /// <paramref name="sink"/> when given; without a sink no leaf is hashed.
    /// </summary>
    GenerationResult Generate(IReadOnlyList<int> promptTokens, DecodingParams parameters, ITraceSink? sink = null);

    /// <summary>
    /// Teacher forcing (the trace a dispute is about): reads <paramref name="promptTokens"/>, then processes
    /// <paramref name="outputTokens"/> (all but the last) one position at a time whatever the model would emit,
    /// with the same leaves as <see cref="Generate"/>: every emit leaf holds the token the model computes there.
    /// <see cref="GenerationResult.Tokens"/> are those computed tokens (one per output token), so an honest
    /// output is exactly the result of <see cref="Generate"/> and its trace is the generation's trace.
    /// </summary>
    GenerationResult Replay(IReadOnlyList<int> promptTokens, IReadOnlyList<int> outputTokens, DecodingParams parameters, ITraceSink? sink = null);
}
