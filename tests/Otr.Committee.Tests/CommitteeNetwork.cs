using System.Numerics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Attestation;
using Otr.Attestation.Policy;
using Otr.Attestation.Tests.Tsm;
using Otr.Attestation.Tsm;
using Otr.Chain.Anvil;
using Otr.Chain.Contracts;
using Otr.Executor;
using Otr.Executor.Configuration;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Committee.Tests;

/// <summary>
/// A real registration path on this machine: Anvil with ModelRegistry, CommitteeAttestationVerifier (2 of 3) and
/// ExecutorRegistry deployed; three committee members as HTTP services (Otr.Committee) reading a policy file and a
/// collateral directory; executors whose TEE is <see cref="ConfigFsTeeBackend"/> over the in-memory configfs-tsm
/// kernel answering with <see cref="TdxTestHardware"/> quotes.
/// </summary>
public sealed class CommitteeNetwork : IAsyncLifetime
{
    public const string ModelName = "otr-demo-q8";
    public static readonly BigInteger MinStake = BigInteger.Pow(10, 18);
    private static readonly byte[][] MemberKeys = [.. new[] { "m1", "m2", "m3" }.Select(s => Keccak.HashUtf8("committee " + s).ToArray())];

    private readonly string _dir = Directory.CreateTempSubdirectory("otr-committee-").FullName;
    private readonly List<WebApplication> _apps = [];

    public TdxTestHardware Hardware { get; } = new();

    public AnvilNode Node { get; private set; } = null!;

    public Web3 Owner { get; private set; } = null!;

    public string ModelRegistry { get; private set; } = "";

    public string ExecutorRegistry { get; private set; } = "";

    public string Verifier { get; private set; } = "";

    public List<string> MemberUrls { get; } = [];

    public string PoliciesFile => Path.Combine(_dir, "policies.json");

    public static Q8Model Registered => DemoModelFactory.Create(1);

    public async ValueTask InitializeAsync()
    {
        Node = await AnvilNode.StartAsync();
        Owner = new Web3(new Account(Node.DevPrivateKeys[0], Node.ChainId), Node.RpcUrl);
        var ct = TestContext.Current.CancellationToken;
        ModelRegistry = (await Owner.Eth.GetContractDeploymentHandler<ModelRegistryMessages.Deployment>()
            .SendRequestAndWaitForReceiptAsync(new ModelRegistryMessages.Deployment { InitialOwner = Node.DevAddresses[0] }, ct)).ContractAddress;
        var members = MemberKeys.Select(k => Secp256k1.AddressOf(k)).OrderBy(a => a.ToLowerInvariant(), StringComparer.Ordinal).ToList();
        Verifier = (await Owner.Eth.GetContractDeploymentHandler<CommitteeAttestationVerifierMessages.Deployment>().SendRequestAndWaitForReceiptAsync(
            new CommitteeAttestationVerifierMessages.Deployment { Owner = Node.DevAddresses[0], Members = members, Threshold = 2, MaxApprovalAge = 3600 }, ct)).ContractAddress;
        ExecutorRegistry = (await Owner.Eth.GetContractDeploymentHandler<ExecutorRegistryMessages.Deployment>().SendRequestAndWaitForReceiptAsync(
            new ExecutorRegistryMessages.Deployment { InitialOwner = Node.DevAddresses[0], Models = ModelRegistry, Verifier = Verifier, MinStake = MinStake }, ct)).ContractAddress;
        var model = Registered;
        await new ModelRegistryService(Owner, ModelRegistry).RegisterModelAsync(Keccak.HashUtf8(ModelName), model.WeightsRoot, model.TokenizerDigest, "q8-exact", 1000, ct);
        await new ExecutorRegistryService(Owner, ExecutorRegistry).SetMeasurementAllowedAsync(Hardware.MeasurementDigest, true, ct);

        File.WriteAllBytes(PoliciesFile, ModelPolicyDocument.Write([new ModelAttestationPolicy(ModelName, model.WeightsRoot, new AttestationPolicy
        {
            AllowedKinds = new HashSet<TeeKind> { TeeKind.IntelTdx },
            AllowedMeasurements = [new Dictionary<string, string> { ["mrtd"] = Hardware.Measurements["mrtd"] }],
        })]));
        var collateral = Hardware.WriteCollateralDirectory(Path.Combine(_dir, "collateral"));
        var root = Path.Combine(_dir, "intel-root.der");
        File.WriteAllBytes(root, Hardware.RootDer);
        for (var i = 0; i < MemberKeys.Length; i++)
        {
            var keyFile = Path.Combine(_dir, $"member{i}.key");
            File.WriteAllText(keyFile, "0x" + Convert.ToHexStringLower(MemberKeys[i]));
            var app = CommitteeApp.Build([], o =>
            {
                o.MemberKeyFile = keyFile;
                o.PoliciesFile = PoliciesFile;
                o.CollateralDirectory = collateral;
                o.ChainId = Node.ChainId;
                o.VerifierAddress = Verifier;
                o.IntelRootCaFile = root;
            });
            MemberUrls.Add(await StartAsync(app));
        }
    }

    /// <summary>Starts an executor whose TEE answers with test TDX quotes and whose model is <c>DemoModel(seed)</c>.</summary>
    public async Task<(WebApplication App, ConfigFsTeeBackend Tee)> StartExecutorAsync(int seed, int operatorAccount, Action<ExecutorOptions>? edit = null)
    {
        var kernel = new SimulatedConfigFs("tdx_guest", report: data => Hardware.Quote(data));
        var tee = new ConfigFsTeeBackend(new ConfigFsTsm(kernel, ConfigFsTsm.DefaultRoot));
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ITeeBackend>(tee);
        builder.Services.AddExecutor(o =>
        {
            o.DemoSeed = seed;
            o.ModelName = ModelName;
            o.Engine = EngineKind.Reference;
            o.Tee = TeeKind.IntelTdx;
            o.ChainId = Node.ChainId;
            o.RollupAddress = Verifier;
            o.L1.RpcUrl = Node.RpcUrl;
            o.L1.ModelRegistry = ModelRegistry;
            o.L1.ExecutorRegistry = ExecutorRegistry;
            o.L1.OperatorKey = Node.DevPrivateKeys[operatorAccount];
            o.Committee.Urls = [.. MemberUrls];
            edit?.Invoke(o);
        });
        var app = builder.Build();
        app.MapExecutor();
        await StartAsync(app);
        return (app, tee);
    }

    private async Task<string> StartAsync(WebApplication app)
    {
        app.Urls.Add("http://127.0.0.1:0");
        _apps.Add(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        Hardware.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
