using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Otr.Protocol;
using M = Otr.Chain.Contracts.ExecutorRegistryMessages;

namespace Otr.Chain.Contracts;

/// <summary>Calls a deployed <c>ExecutorRegistry</c>; reverts surface as <see cref="ContractRevertException"/>.</summary>
public sealed class ExecutorRegistryService
{
    private readonly ContractClient _client;

    /// <summary>Binds to the registry at <paramref name="address"/>; transactions are sent from the web3 account.</summary>
    public ExecutorRegistryService(IWeb3 web3, string address) => _client = new ContractClient(web3, address, "ExecutorRegistry");

    /// <summary>The registry's address.</summary>
    public string Address => _client.Address;

    /// <summary>Allows or disallows an executor image measurement (owner only).</summary>
    public Task<TransactionReceipt> SetMeasurementAllowedAsync(Bytes32 measurement, bool allowed, CancellationToken ct = default) =>
        _client.SendAsync(new M.SetMeasurementAllowedFunction { Measurement = measurement.ToArray(), Allowed = allowed }, ct);

    /// <summary>
    /// Registers an enclave key for a model with <paramref name="stakeWei"/> of stake; the web3 account
    /// becomes its operator. Reverts <c>InsufficientStake</c>, <c>UnknownModel</c>,
    /// <c>MeasurementNotAllowed</c>, <c>InvalidAttestation</c>, <c>EnclaveKeyAlreadyRegistered</c>, <c>ZeroAddress</c>.
    /// </summary>
    public Task<TransactionReceipt> RegisterAsync(
        string enclaveKey, Bytes32 modelId, Bytes32 measurement, byte[] evidence, BigInteger stakeWei, CancellationToken ct = default) =>
        _client.SendAsync(new M.RegisterFunction
        {
            EnclaveKey = enclaveKey,
            ModelId = modelId.ToArray(),
            Measurement = measurement.ToArray(),
            Evidence = evidence,
            AmountToSend = stakeWei,
        }, ct);

    /// <summary>Adds stake to a registration (its operator only).</summary>
    public Task<TransactionReceipt> AddStakeAsync(string enclaveKey, BigInteger wei, CancellationToken ct = default) =>
        _client.SendAsync(new M.AddStakeFunction { EnclaveKey = enclaveKey, AmountToSend = wei }, ct);

    /// <summary>Sets the dispute game, the only account that may slash (owner only).</summary>
    public Task<TransactionReceipt> SetDisputeGameAsync(string disputeGame, CancellationToken ct = default) =>
        _client.SendAsync(new M.SetDisputeGameFunction { DisputeGame = disputeGame }, ct);

    /// <summary>The dispute game's address (zero until set).</summary>
    public Task<string> GetDisputeGameAsync() => _client.QueryAsync<M.DisputeGameFunction, string>(new());

    /// <summary>Transfers ownership (owner only).</summary>
    public Task<TransactionReceipt> TransferOwnershipAsync(string newOwner, CancellationToken ct = default) =>
        _client.SendAsync(new OwnableMessages.TransferOwnershipFunction { NewOwner = newOwner }, ct);

    /// <summary>The owner's address.</summary>
    public Task<string> GetOwnerAsync() => _client.QueryAsync<OwnableMessages.OwnerFunction, string>(new());

    /// <summary>True when the key is registered and serves the model.</summary>
    public Task<bool> IsRegisteredAsync(string enclaveKey, Bytes32 modelId) =>
        _client.QueryAsync<M.IsRegisteredFunction, bool>(new() { EnclaveKey = enclaveKey, ModelId = modelId.ToArray() });

    /// <summary>The key's registration, or null when it has none.</summary>
    public async Task<ExecutorRegistration?> GetRegistrationAsync(string enclaveKey)
    {
        var r = (await _client.QueryDtoAsync<M.RegistrationOfFunction, M.RegistrationOfOutput>(new() { EnclaveKey = enclaveKey }).ConfigureAwait(false)).Registration;
        return r.RegisteredAt == 0
            ? null
            : new ExecutorRegistration(enclaveKey, r.Operator, new Bytes32(r.ModelId), new Bytes32(r.Measurement), r.Stake, r.RegisteredAt);
    }

    /// <summary>True when the measurement is allowed for new registrations.</summary>
    public Task<bool> IsMeasurementAllowedAsync(Bytes32 measurement) =>
        _client.QueryAsync<M.AllowedMeasurementFunction, bool>(new() { Measurement = measurement.ToArray() });

    /// <summary>Minimum stake in wei per registration.</summary>
    public Task<BigInteger> GetMinStakeAsync() => _client.QueryAsync<M.MinStakeFunction, BigInteger>(new());

    /// <summary>Sum of all registrations' stake in wei.</summary>
    public Task<BigInteger> GetTotalStakedAsync() => _client.QueryAsync<M.TotalStakedFunction, BigInteger>(new());

    /// <summary>The model registry the executor registry reads.</summary>
    public Task<string> GetModelRegistryAsync() => _client.QueryAsync<M.ModelsFunction, string>(new());

    /// <summary>The attestation verifier the executor registry uses.</summary>
    public Task<string> GetVerifierAsync() => _client.QueryAsync<M.VerifierFunction, string>(new());
}
