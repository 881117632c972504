namespace Otr.Sequencer.OpenAi;

/// <summary>A validated completion request, before prompt rendering.</summary>
/// <param name="Kind">Chat or text completion.</param>
/// <param name="Model">A registered model name.</param>
/// <param name="Prompt">The prompt (text completions).</param>
/// <param name="Messages">The messages (chat completions).</param>
/// <param name="MaxTokens">Maximum generated tokens, 1..configured maximum.</param>
/// <param name="TemperatureMilli">Temperature × 1000 rounded to the nearest integer (half away from zero); 0 is greedy.</param>
/// <param name="Seed">The client's seed, or null to derive one from the request id.</param>
/// <param name="Stream">Whether the client asked for server-sent events.</param>
internal sealed record CompletionRequest(
    CompletionKind Kind,
    string Model,
    string? Prompt,
    IReadOnlyList<ChatMessage>? Messages,
    uint MaxTokens,
    uint TemperatureMilli,
    ulong? Seed,
    bool Stream);
