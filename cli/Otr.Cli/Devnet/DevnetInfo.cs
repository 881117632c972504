using System.Text.Json.Serialization;
using Otr.Chain.Deployment;

namespace Otr.Cli.Devnet;

/// <summary>Where a running devnet serves; written to the ready file and to <c>devnet.json</c> in its data directory.</summary>
/// <param name="Url">Sequencer base URL (OpenAI-compatible API under <c>/v1</c>).</param>
/// <param name="ApiKey">Bearer API key accepted by the sequencer.</param>
/// <param name="RpcUrl">Anvil JSON-RPC URL.</param>
/// <param name="ChainId">Chain id.</param>
/// <param name="Contracts">Deployed contract addresses.</param>
/// <param name="ExecutorUrl">Executor base URL.</param>
/// <param name="ChallengerUrl">Challenger base URL (findings under <c>/v1/findings</c>).</param>
/// <param name="Model">The registered model's name.</param>
public sealed record DevnetInfo(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("apiKey")] string ApiKey,
    [property: JsonPropertyName("rpcUrl")] string RpcUrl,
    [property: JsonPropertyName("chainId")] ulong ChainId,
    [property: JsonPropertyName("contracts")] OtrContracts Contracts,
    [property: JsonPropertyName("executorUrl")] string ExecutorUrl,
    [property: JsonPropertyName("challengerUrl")] string ChallengerUrl,
    [property: JsonPropertyName("model")] string Model);
