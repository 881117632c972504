namespace Otr.Protocol;

/// <summary>Decoding parameters that, with the model and prompt, fully determine the output tokens.</summary>
/// <param name="MaxTokens">Maximum number of generated tokens (at least 1).</param>
/// <param name="TemperatureMilli">Sampling temperature × 1000; 0 selects greedy decoding.</param>
/// <param name="Seed">Seed of the integer PRNG used by sampling (ignored when greedy).</param>
public sealed record DecodingParams(uint MaxTokens, uint TemperatureMilli, ulong Seed)
{
    /// <summary>True when decoding is greedy (ties go to the lowest token id).</summary>
    public bool IsGreedy => TemperatureMilli == 0;
}
