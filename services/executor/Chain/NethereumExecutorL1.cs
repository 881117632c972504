using System.Numerics;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Otr.Chain.Contracts;
using Otr.Chain.Transactions;
using Otr.Executor.Configuration;
using Otr.Protocol;

namespace Otr.Executor.Chain;

/// <summary>
/// <see cref="IExecutorL1"/> over JSON-RPC: reads with Otr.Chain's registry services, sends the
/// registration through Otr.Chain's <see cref="TransactionManager"/> (nonce, fees, receipt waiting).
/// </summary>
internal sealed class NethereumExecutorL1 : IExecutorL1, IAsyncDisposable
{
    private readonly Web3 _web3;
    private readonly L1Options _options;
    private readonly TransactionManager? _transactions;
    private readonly ModelRegistryService _models;
    private readonly ExecutorRegistryService? _executors;

    private NethereumExecutorL1(ExecutorOptions options, ILoggerFactory loggers)
    {
        _options = options.L1;
        _web3 = new Web3(_options.RpcUrl);
        _models = new ModelRegistryService(_web3, _options.ModelRegistry!);
        _executors = string.IsNullOrWhiteSpace(_options.ExecutorRegistry) ? null : new ExecutorRegistryService(_web3, _options.ExecutorRegistry);
        if (_options.Register)
        {
            var key = string.IsNullOrWhiteSpace(_options.OperatorKey) ? File.ReadAllText(_options.OperatorKeyFile!).Trim() : _options.OperatorKey.Trim();
            _transactions = new TransactionManager(
                _web3,
                key,
                options.ChainId,
                new TransactionManagerOptions { PollInterval = TimeSpan.FromMilliseconds(200), FeeBumpTimeout = _options.ReceiptTimeout },
                new InMemoryTxJournal(),
                loggers.CreateLogger<TransactionManager>());
        }
    }

    public string? OperatorAddress => _transactions?.Address;

    /// <summary>The L1 adapter when <c>Executor:L1:RpcUrl</c> is set; null (off-chain) otherwise.</summary>
    public static NethereumExecutorL1? CreateOrNull(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ExecutorOptions>>().Value;
        return string.IsNullOrWhiteSpace(options.L1.RpcUrl)
            ? null
            : new NethereumExecutorL1(options, services.GetRequiredService<ILoggerFactory>());
    }

    public async Task<Bytes32?> GetRegisteredWeightsRootAsync(Bytes32 modelId, CancellationToken cancellationToken) =>
        (await _models.GetModelAsync(modelId))?.WeightsRoot;

    public async Task<L1Registration?> GetRegistrationAsync(string enclaveKey, CancellationToken cancellationToken) =>
        await Executors.GetRegistrationAsync(enclaveKey) is { } r ? new L1Registration(r.Operator, r.ModelId, r.Measurement, r.Stake) : null;

    public Task<bool> IsMeasurementAllowedAsync(Bytes32 measurement, CancellationToken cancellationToken) =>
        Executors.IsMeasurementAllowedAsync(measurement);

    public Task<BigInteger> GetMinStakeAsync(CancellationToken cancellationToken) => Executors.GetMinStakeAsync();

    public async Task<BigInteger> GetOperatorNonceAsync(CancellationToken cancellationToken)
    {
        var count = await _web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(RequireOperator(), BlockParameter.CreatePending());
        return count.Value;
    }

    public async Task<(string Verifier, int? CommitteeThreshold)> GetVerifierAsync(CancellationToken cancellationToken)
    {
        var verifier = await Executors.GetVerifierAsync();
        try
        {
            var threshold = await _web3.Eth.GetContractQueryHandler<CommitteeThresholdFunction>().QueryAsync<BigInteger>(verifier, new CommitteeThresholdFunction());
            return (verifier, (int)threshold);
        }
        catch (Exception e) when (e is Nethereum.JsonRpc.Client.RpcResponseException or Nethereum.ABI.FunctionEncoding.SmartContractRevertException or Nethereum.Contracts.SmartContractCustomErrorRevertException)
        {
            return (verifier, null);
        }
    }

    public async Task<string> RegisterAsync(string enclaveKey, Bytes32 modelId, Bytes32 measurement, byte[] evidence, BigInteger stake, CancellationToken cancellationToken)
    {
        var call = new ExecutorRegistryMessages.RegisterFunction
        {
            EnclaveKey = enclaveKey,
            ModelId = modelId.ToArray(),
            Measurement = measurement.ToArray(),
            Evidence = evidence,
        };
        var intent = TxIntent.Call($"register-{enclaveKey.ToLowerInvariant()}", _options.ExecutorRegistry!, call.GetCallData().ToHex(true), stake);
        var manager = _transactions ?? throw new InvalidOperationException("registration is disabled");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ReceiptTimeout * 2);
        var outcome = await manager.SendAsync(intent, timeout.Token);
        return outcome.TransactionHash;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transactions is not null)
        {
            await _transactions.DisposeAsync();
        }
    }

    private string RequireOperator() => OperatorAddress ?? throw new InvalidOperationException("no operator account is configured");

    private ExecutorRegistryService Executors => _executors ?? throw new InvalidOperationException("no ExecutorRegistry is configured");
}
