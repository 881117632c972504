using Nethereum.Web3;
using Otr.Chain.Contracts;
using Otr.Protocol;

namespace Otr.Sequencer.Executors;

/// <summary>Registration checks against the ExecutorRegistry contract; the model id is keccak(utf8(name)).</summary>
internal sealed class L1ExecutorRegistrations(IWeb3 web3, string registry) : IExecutorRegistrations
{
    private readonly ExecutorRegistryService _registry = new(web3, registry);

    public Task<bool> IsRegisteredAsync(string enclaveKey, string model, CancellationToken cancellationToken) =>
        _registry.IsRegisteredAsync(enclaveKey, Keccak.HashUtf8(model));
}
