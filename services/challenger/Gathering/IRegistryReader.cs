using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>Reads the L1 registries. Throws on transport failures (the agent retries); answers are definitive.</summary>
public interface IRegistryReader
{
    /// <summary>Whether <paramref name="executor"/> is registered on L1 for <paramref name="modelId"/> (ExecutorRegistry <c>isRegistered</c>).</summary>
    Task<bool> IsRegisteredAsync(string executor, Bytes32 modelId, CancellationToken cancellationToken);

    /// <summary>The model's registration (ModelRegistry), or null when the model id is not registered.</summary>
    Task<RegisteredModel?> GetModelAsync(Bytes32 modelId, CancellationToken cancellationToken);
}
