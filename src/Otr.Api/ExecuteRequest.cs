namespace Otr.Api;

/// <summary>
/// Body of the executor's <c>POST /v1/execute</c>: one inference the sequencer routes to an executor.
/// The executor signs a receipt over exactly these inputs.
/// </summary>
/// <param name="RequestId">32 random bytes as 0x-hex, chosen by the sequencer.</param>
/// <param name="Model">Registered model name, e.g. <c>otr-demo-q8</c>.</param>
/// <param name="Prompt">Prompt text exactly as the tokenizer reads it (chat requests: the rendered template).</param>
/// <param name="MaxTokens">Maximum generated tokens.</param>
/// <param name="TemperatureMilli">Temperature × 1000; 0 is greedy.</param>
/// <param name="Seed">Sampling seed.</param>
/// <param name="Nonce">Sequencer nonce for this executor's receipts.</param>
/// <param name="Stream">When true the executor answers with NDJSON lines of <see cref="ExecuteStreamEvent"/>.</param>
public sealed record ExecuteRequest(
    string RequestId,
    string Model,
    string Prompt,
    uint MaxTokens,
    uint TemperatureMilli,
    ulong Seed,
    ulong Nonce,
    bool Stream = false);
