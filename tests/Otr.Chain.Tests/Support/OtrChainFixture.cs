using System.Numerics;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Chain.Anvil;
using Otr.Chain.Contracts;
using Otr.Chain.Deployment;
using Otr.Protocol;

namespace Otr.Chain.Tests.Support;

/// <summary>
/// One Anvil per test class with the OTR contracts deployed by <see cref="OtrDeployer"/>: dev account 0
/// deploys and owns, account 1 is the sequencer, account 2 an executor operator; one model is registered
/// and one measurement allowed. Tests in a class share the chain, so they read state (e.g. the next batch
/// index) instead of assuming it.
/// </summary>
public class OtrChainFixture : IAsyncLifetime
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public static readonly BigInteger MinStake = BigInteger.Pow(10, 18);
    public static readonly Bytes32 ModelId = Keccak.HashUtf8("otr-demo-q8");
    public static readonly Bytes32 WeightsRoot = Keccak.HashUtf8("otr-demo-q8 weights");
    public static readonly Bytes32 TokenizerDigest = Keccak.HashUtf8("otr-demo-q8 tokenizer");
    public static readonly Bytes32 Measurement = Keccak.HashUtf8("otr-executor-dev");

    /// <summary>A fixed dev root key (only the test knows it).</summary>
    public static readonly byte[] DevRootKey = Keccak.HashUtf8("otr-chain-tests dev root").ToArray();

    private AnvilNode? _node;

    public AnvilNode Node => _node ?? throw new InvalidOperationException("fixture not initialised");

    public OtrContracts Contracts { get; private set; } = null!;

    public Eip712Domain Domain { get; private set; } = null!;

    public string OwnerAddress => Node.DevAddresses[0];

    public string SequencerAddress => Node.DevAddresses[1];

    public string OperatorAddress => Node.DevAddresses[2];

    public Web3 OwnerWeb3 { get; private set; } = null!;

    public Web3 SequencerWeb3 { get; private set; } = null!;

    public Web3 OperatorWeb3 { get; private set; } = null!;

    public OtrRollupService Rollup => new(SequencerWeb3, Contracts.Rollup);

    public OtrRollupService RollupAsOwner => new(OwnerWeb3, Contracts.Rollup);

    public ModelRegistryService Models => new(OwnerWeb3, Contracts.ModelRegistry);

    public ExecutorRegistryService Executors => new(OperatorWeb3, Contracts.ExecutorRegistry);

    public DevAttestationVerifierService Verifier => new(OwnerWeb3, Contracts.AttestationVerifier);

    public Web3 Web3For(int devAccount) => new(new Account(Node.DevPrivateKeys[devAccount], Node.ChainId), Node.RpcUrl);

    public async ValueTask InitializeAsync()
    {
        _node = await AnvilNode.StartAsync();
        OwnerWeb3 = Web3For(0);
        SequencerWeb3 = Web3For(1);
        OperatorWeb3 = Web3For(2);
        Contracts = await OtrDeployer.DeployAllAsync(OwnerWeb3, new DeploymentOptions
        {
            DevRootAddress = ReceiptSigner.AddressOf(DevRootKey),
            Sequencer = SequencerAddress,
            ChallengeWindow = Window,
            MinStakeWei = MinStake,
            AllowedMeasurements = [Measurement],
            OneStepVerifier = await OneStepVerifierAsync(),
            MoveTimeout = MoveTimeout,
            DisputeBondWei = Bond,
            ChallengerRewardBps = RewardBps,
        });
        Domain = new Eip712Domain(Node.ChainId, Contracts.Rollup);
        await Models.RegisterModelAsync(ModelId, WeightsRoot, TokenizerDigest, "q8-exact", 1_000_000_000);
    }

    public static readonly TimeSpan MoveTimeout = TimeSpan.FromMinutes(10);
    public static readonly BigInteger Bond = BigInteger.Pow(10, 17);
    public const ushort RewardBps = 4_000;

    /// <summary>The one-step verifier to deploy a dispute game with; null (the default) deploys no game.</summary>
    protected virtual Task<string?> OneStepVerifierAsync() => Task.FromResult<string?>(null);

    /// <summary>Registers a fresh enclave key for <see cref="ModelId"/> with C#-made dev evidence; returns its private key.</summary>
    public async Task<byte[]> RegisterEnclaveAsync(string seed)
    {
        var key = Keccak.HashUtf8("enclave " + seed).ToArray();
        var address = ReceiptSigner.AddressOf(key);
        var evidence = DevEvidence.Sign(DevRootKey, address, Measurement, WeightsRoot);
        await Executors.RegisterAsync(address, ModelId, Measurement, evidence, MinStake);
        return key;
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_node is not null)
            await _node.DisposeAsync();
    }
}
