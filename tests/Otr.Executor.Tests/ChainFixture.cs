using System.Numerics;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Attestation;
using Otr.Chain.Anvil;
using Otr.Chain.Contracts;
using Otr.Chain.Deployment;
using Otr.Executor.Configuration;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Tests;

/// <summary>
/// A real Anvil with the OTR contracts deployed by OtrDeployer: DevAttestationVerifier trusting the
/// well-known dev root key, the simulated measurement allowed, the demo model registered with its
/// real weights root. Dev account 0 owns, account 2 is the executor's operator.
/// </summary>
public sealed class ChainFixture : IAsyncLifetime
{
    public static readonly BigInteger MinStake = BigInteger.Pow(10, 17);

    private AnvilNode? _node;

    public AnvilNode Node => _node ?? throw new InvalidOperationException("fixture not initialised");

    public OtrContracts Contracts { get; private set; } = null!;

    public Web3 Owner { get; private set; } = null!;

    public string OperatorKey => Node.DevPrivateKeys[2];

    public string OperatorAddress => Node.DevAddresses[2];

    public ModelRegistryService Models => new(Owner, Contracts.ModelRegistry);

    public ExecutorRegistryService Executors => new(Owner, Contracts.ExecutorRegistry);

    public DevAttestationVerifierService Verifier => new(Owner, Contracts.AttestationVerifier);

    public async ValueTask InitializeAsync()
    {
        _node = await AnvilNode.StartAsync();
        Owner = new Web3(new Account(Node.DevPrivateKeys[0], Node.ChainId), Node.RpcUrl);
        Contracts = await OtrDeployer.DeployAllAsync(Owner, new DeploymentOptions
        {
            DevRootAddress = DevAttestation.WellKnownDevRootAddress,
            MinStakeWei = MinStake,
            AllowedMeasurements = [DevAttestation.Measurement],
        });
        var demo = DemoModelFactory.Create(TestExecutor.DemoSeed);
        await Models.RegisterModelAsync(demo.ModelId, demo.WeightsRoot, demo.TokenizerDigest, "q8-exact", 1000);
    }

    /// <summary>Options that point the executor at this chain and register with the operator account.</summary>
    public void Configure(ExecutorOptions o)
    {
        o.ChainId = Node.ChainId;
        o.RollupAddress = Contracts.Rollup;
        o.L1.RpcUrl = Node.RpcUrl;
        o.L1.ModelRegistry = Contracts.ModelRegistry;
        o.L1.ExecutorRegistry = Contracts.ExecutorRegistry;
        o.L1.OperatorKey = OperatorKey;
    }

    /// <summary>Registers a model name with a given weights root.</summary>
    public Task RegisterModelAsync(string name, Bytes32 weightsRoot) =>
        Models.RegisterModelAsync(Keccak.HashUtf8(name), weightsRoot, ByteTokenizer.Digest, "q8-exact", 1000);

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
