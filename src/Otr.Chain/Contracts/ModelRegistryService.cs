using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Otr.Protocol;
using M = Otr.Chain.Contracts.ModelRegistryMessages;

namespace Otr.Chain.Contracts;

/// <summary>Calls a deployed <c>ModelRegistry</c>; reverts surface as <see cref="ContractRevertException"/>.</summary>
public sealed class ModelRegistryService
{
    private readonly ContractClient _client;

    /// <summary>Binds to the registry at <paramref name="address"/>; transactions are sent from the web3 account.</summary>
    public ModelRegistryService(IWeb3 web3, string address) => _client = new ContractClient(web3, address, "ModelRegistry");

    /// <summary>The registry's address.</summary>
    public string Address => _client.Address;

    /// <summary>Registers a model (owner only). Reverts <c>ModelAlreadyRegistered</c>, <c>ZeroModelId</c>, <c>ZeroWeightsRoot</c>, <c>EmptyProfile</c>.</summary>
    public Task<TransactionReceipt> RegisterModelAsync(
        Bytes32 modelId, Bytes32 weightsRoot, Bytes32 tokenizerDigest, string profile, BigInteger pricePerToken, CancellationToken ct = default) =>
        _client.SendAsync(new M.RegisterModelFunction
        {
            ModelId = modelId.ToArray(),
            WeightsRoot = weightsRoot.ToArray(),
            TokenizerDigest = tokenizerDigest.ToArray(),
            Profile = profile,
            PricePerToken = pricePerToken,
        }, ct);

    /// <summary>Transfers ownership (owner only).</summary>
    public Task<TransactionReceipt> TransferOwnershipAsync(string newOwner, CancellationToken ct = default) =>
        _client.SendAsync(new OwnableMessages.TransferOwnershipFunction { NewOwner = newOwner }, ct);

    /// <summary>The owner's address.</summary>
    public Task<string> GetOwnerAsync() => _client.QueryAsync<OwnableMessages.OwnerFunction, string>(new());

    /// <summary>True when a model is registered under the id.</summary>
    public Task<bool> IsRegisteredAsync(Bytes32 modelId) =>
        _client.QueryAsync<M.IsRegisteredFunction, bool>(new() { ModelId = modelId.ToArray() });

    /// <summary>The registered model, or null when there is none.</summary>
    public async Task<RegisteredModel?> GetModelAsync(Bytes32 modelId)
    {
        if (!await IsRegisteredAsync(modelId).ConfigureAwait(false))
        {
            return null;
        }

        var m = (await _client.QueryDtoAsync<M.GetModelFunction, M.GetModelOutput>(new() { ModelId = modelId.ToArray() }).ConfigureAwait(false)).Model;
        return new RegisteredModel(modelId, new Bytes32(m.WeightsRoot), new Bytes32(m.TokenizerDigest), m.Profile, m.PricePerToken, m.RegisteredAt);
    }

    /// <summary>Number of registered models.</summary>
    public async Task<int> GetModelCountAsync() =>
        (int)await _client.QueryAsync<M.ModelCountFunction, BigInteger>(new()).ConfigureAwait(false);

    /// <summary>The id of the <paramref name="index"/>-th registered model.</summary>
    public async Task<Bytes32> GetModelIdAtAsync(int index) =>
        new(await _client.QueryAsync<M.ModelIdAtFunction, byte[]>(new() { Index = index }).ConfigureAwait(false));
}
