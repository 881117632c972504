using System.Numerics;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Attestation;
using Otr.Chain.Anvil;
using Otr.Chain.Contracts;
using Otr.Chain.Deployment;
using Otr.Challenger.Tests.Kit;
using Otr.Protocol;

namespace Otr.Challenger.Tests.L1;

/// <summary>
/// One Anvil per test class with the OTR contracts deployed, the small demo model registered and the
/// test executor's enclave key registered for it (with dev attestation evidence). Account 0 owns,
/// account 1 sequences, account 2 operates the executor.
/// </summary>
public sealed class AnvilL1 : IAsyncLifetime
{
    private static readonly BigInteger MinStake = BigInteger.Pow(10, 18);
    private AnvilNode? _node;

    public AnvilNode Node => _node ?? throw new InvalidOperationException("fixture not initialised");

    public OtrContracts Contracts { get; private set; } = null!;

    public Eip712Domain Domain { get; private set; } = null!;

    public OtrRollupService Rollup { get; private set; } = null!;

    public Web3 ReadOnly => new(Node.RpcUrl);

    public async ValueTask InitializeAsync()
    {
        _node = await AnvilNode.StartAsync();
        var owner = Web3For(0);
        Contracts = await OtrDeployer.DeployAllAsync(owner, new DeploymentOptions
        {
            DevRootAddress = DevAttestation.WellKnownDevRootAddress,
            Sequencer = Node.DevAddresses[1],
            MinStakeWei = MinStake,
            AllowedMeasurements = [DevAttestation.Measurement],
        });
        Domain = new Eip712Domain(Node.ChainId, Contracts.Rollup);
        Rollup = new OtrRollupService(Web3For(1), Contracts.Rollup);
        var model = ChallengerNetwork.HonestModel;
        await new ModelRegistryService(owner, Contracts.ModelRegistry)
            .RegisterModelAsync(model.ModelId, model.WeightsRoot, model.TokenizerDigest, "q8-exact", 1);
        var enclave = ReceiptSigner.AddressOf(ChallengerNetwork.Key(0x11));
        var evidence = DevAttestation.Sign(DevAttestation.WellKnownDevRootKey.Span, enclave, DevAttestation.Measurement, model.WeightsRoot);
        await new ExecutorRegistryService(Web3For(2), Contracts.ExecutorRegistry)
            .RegisterAsync(enclave, model.ModelId, DevAttestation.Measurement, evidence, MinStake);
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    /// <summary>Posts the receipts as the next batch; returns its index.</summary>
    public async Task<ulong> PostBatchAsync(IReadOnlyList<Bytes32> digests)
    {
        var index = await Rollup.GetNextBatchIndexAsync();
        var batch = BatchBuilder.Build(digests);
        await Rollup.SubmitBatchAsync(index, batch.Root, (uint)batch.Count, Bytes32.Zero);
        return index;
    }

    private Web3 Web3For(int account) => new(new Account(Node.DevPrivateKeys[account], Node.ChainId), Node.RpcUrl);
}
