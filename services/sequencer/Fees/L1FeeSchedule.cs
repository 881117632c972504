using System.Collections.Concurrent;
using System.Numerics;
using Nethereum.Web3;
using Otr.Chain.Contracts;
using Otr.Protocol;

namespace Otr.Sequencer.Fees;

/// <summary>
/// Prices from ModelRegistry (the one ExecutorRegistry reads, asked once) and operators from ExecutorRegistry. Both
/// answers are fixed once they exist (a model's price is set at its registration; a key's operator and model at the
/// key's), so positive answers are cached; a missing model or key is asked again next time.
/// </summary>
internal sealed class L1FeeSchedule(IWeb3 web3, string executorRegistry) : IFeeSchedule
{
    private readonly ExecutorRegistryService _registry = new(web3, executorRegistry);
    private readonly ConcurrentDictionary<string, BigInteger> _prices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ExecutorOperator> _operators = new(StringComparer.OrdinalIgnoreCase);
    private ModelRegistryService? _models;

    public async Task<BigInteger?> PricePerTokenAsync(string model, CancellationToken cancellationToken)
    {
        if (_prices.TryGetValue(model, out var cached))
        {
            return cached;
        }

        _models ??= new ModelRegistryService(web3, await _registry.GetModelRegistryAsync());
        var registered = await _models.GetModelAsync(Keccak.HashUtf8(model));
        if (registered is null)
        {
            return null;
        }

        _prices[model] = registered.PricePerToken;
        return registered.PricePerToken;
    }

    public async Task<ExecutorOperator?> RegistrationAsync(string enclaveKey, CancellationToken cancellationToken)
    {
        if (_operators.TryGetValue(enclaveKey, out var cached))
        {
            return cached;
        }

        var registration = await _registry.GetRegistrationAsync(enclaveKey);
        if (registration is null)
        {
            return null;
        }

        var result = new ExecutorOperator(registration.Operator, registration.ModelId);
        _operators[enclaveKey] = result;
        return result;
    }
}
