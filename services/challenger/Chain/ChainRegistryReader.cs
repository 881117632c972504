using Otr.Chain.Contracts;
using Otr.Protocol;

namespace Otr.Challenger;

/// <summary><see cref="IRegistryReader"/> over the deployed ExecutorRegistry and ModelRegistry contracts.</summary>
/// <param name="executors">ExecutorRegistry binding.</param>
/// <param name="models">ModelRegistry binding.</param>
public sealed class ChainRegistryReader(ExecutorRegistryService executors, ModelRegistryService models) : IRegistryReader
{
    /// <inheritdoc />
    public Task<bool> IsRegisteredAsync(string executor, Bytes32 modelId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return executors.IsRegisteredAsync(executor, modelId);
    }

    /// <inheritdoc />
    public async Task<RegisteredModel?> GetModelAsync(Bytes32 modelId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var model = await models.GetModelAsync(modelId).ConfigureAwait(false);
        return model is null ? null : new RegisteredModel(model.ModelId, model.WeightsRoot);
    }
}
