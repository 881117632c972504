namespace Otr.Sequencer.Executors;

/// <summary>Answers whether an enclave key is registered (with stake) for a model on L1.</summary>
public interface IExecutorRegistrations
{
    /// <summary>True when <paramref name="enclaveKey"/> is registered in ExecutorRegistry for <paramref name="model"/>.</summary>
    Task<bool> IsRegisteredAsync(string enclaveKey, string model, CancellationToken cancellationToken);
}
