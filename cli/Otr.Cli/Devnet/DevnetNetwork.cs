using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Attestation;
using Otr.Chain.Anvil;
using Otr.Chain.Contracts;
using Otr.Chain.Deployment;
using Otr.Challenger;
using Otr.Executor;
using Otr.Executor.Configuration;
using Otr.Inference;
using Otr.Messaging;
using Otr.Sequencer;
using Otr.ServiceDefaults;

namespace Otr.Cli.Devnet;

/// <summary>
/// The whole OTR network on one machine: Anvil, the contracts, the demo model registered on L1,
/// an executor (simulated TEE) that registers itself with stake, the sequencer and the challenger,
/// each on its own loopback port, sharing an in-process bus. Used by <c>otr devnet</c> and the
/// end-to-end tests.
/// </summary>
public sealed class DevnetNetwork : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];
    private readonly List<(Func<WebApplication> Build, string Url)> _executorBuilders = [];
    private (Func<WebApplication> Build, string Url) _challengerBuilder;
    private AnvilNode? _anvil;
    private InProcessBus? _bus;

    private DevnetNetwork()
    {
    }

    /// <summary>Where everything serves.</summary>
    public DevnetInfo Info { get; private set; } = null!;

    /// <summary>The bus the services share.</summary>
    public IMessageBus Bus => _bus!;

    /// <summary>
    /// The dev attestation root key of this run (random per run; the on-chain DevAttestationVerifier trusts it). INSECURE
    /// by design: anyone holding it can attest anything, which is what tests of a downgrade attempt need.
    /// </summary>
    public string DevRootKey { get; private set; } = "";

    /// <summary>The Anvil node (tests advance time through it).</summary>
    public AnvilNode Anvil => _anvil!;

    /// <summary>Starts the network; on failure everything started so far is stopped again.</summary>
    public static async Task<DevnetNetwork> StartAsync(DevnetOptions options, ILoggerFactory loggerFactory, CancellationToken ct = default)
    {
        var net = new DevnetNetwork();
        try
        {
            await net.StartCoreAsync(options, loggerFactory, ct);
            return net;
        }
        catch
        {
            await net.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(DevnetOptions options, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var log = loggerFactory.CreateLogger("Otr.Devnet");
        var data = Path.GetFullPath(options.DataDirectory);
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        Directory.CreateDirectory(data);

        // L1: a fresh Anvil that mines transactions at once and an empty block every second, so L1 time (and the window) moves.
        _anvil = await AnvilNode.StartAsync(
            new AnvilOptions { Port = options.RpcPort is 0 ? null : options.RpcPort, BlockTime = TimeSpan.FromSeconds(1), ExtraArguments = ["--mixed-mining"] }, ct);
        log.LogInformation("anvil serving {RpcUrl} (chain {ChainId})", _anvil.RpcUrl, _anvil.ChainId);
        var ownerKey = _anvil.DevPrivateKeys[0];
        var sequencerKey = _anvil.DevPrivateKeys[1];
        var operatorKey = _anvil.DevPrivateKeys[2];
        var challengerKey = _anvil.DevPrivateKeys[3];
        var owner = new Web3(new Account(ownerKey, _anvil.ChainId), _anvil.RpcUrl);
        owner.TransactionManager.UseLegacyAsDefault = false;

        // A dev attestation root made for this run only: the simulated TEE signs evidence with it,
        // the on-chain DevAttestationVerifier trusts it. INSECURE by design, development only.
        var devRootKey = RandomNumberGenerator.GetBytes(32);
        DevRootKey = "0x" + Convert.ToHexStringLower(devRootKey);
        var oneStepVerifier = await OtrDeployer.DeployQ8OneStepVerifierAsync(owner, ct);
        var contracts = await OtrDeployer.DeployAllAsync(owner, new DeploymentOptions
        {
            OneStepVerifier = oneStepVerifier,
            DevRootAddress = DevAttestation.AddressOf(devRootKey),
            Sequencer = new Account(sequencerKey).Address,
            ChallengeWindow = options.Window,
            MinStakeWei = BigInteger.Pow(10, 18),
            AllowedMeasurements = [DevAttestation.Measurement],
            MoveTimeout = options.MoveTimeout,
        }, ct);
        log.LogInformation("contracts deployed: {Contracts}", contracts.ToJson().ReplaceLineEndings(" "));

        // The demo model, written as a model file and registered on L1.
        var model = DemoModelFactory.Create(options.ModelSeed);
        var modelPath = Path.Combine(data, "models", model.Name + ".q8");
        Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
        model.Save(modelPath);
        await new ModelRegistryService(owner, contracts.ModelRegistry).RegisterModelAsync(
            model.ModelId, model.WeightsRoot, model.TokenizerDigest, "q8-exact", pricePerToken: 1_000_000_000, ct);
        log.LogInformation("model {Model} registered: weightsRoot {Root}", model.Name, model.WeightsRoot);

        _bus = new InProcessBus(new InProcessBusOptions { Directory = Path.Combine(data, "bus") });
        var rpc = _anvil.RpcUrl;
        var chainId = _anvil.ChainId;

        // Executors: the first one may cheat (the cheat modes exist so the challenger can be watched catching it);
        // any further ones are honest, with their own operator account and enclave key file.
        var executorUrls = new List<string>();
        for (var i = 0; i <= options.HonestExecutors; i++)
        {
            var index = i;
            var dir = Path.Combine(data, index == 0 ? "executor" : $"executor-{index}");
            var key = index == 0 ? operatorKey : _anvil.DevPrivateKeys[3 + index];
            string[] executorArgs =
            [
                .. HostArgs(options),
                $"--Executor:Dispute:DisputeGame={contracts.DisputeGame}",
                $"--Executor:Dispute:JournalPath={Path.Combine(dir, "disputes.jsonl")}",
                $"--Executor:Dispute:Defend={options.ExecutorDefends || index > 0}",
            ];
            WebApplication Build() => ExecutorApp.Build(executorArgs, o =>
            {
                o.ModelPath = modelPath;
                o.ModelName = model.Name;
                o.ChainId = chainId;
                o.RollupAddress = contracts.Rollup;
                o.SimulatedTee = new SimulatedTeeOptions { DevRootKey = "0x" + Convert.ToHexStringLower(devRootKey), KeyFile = Path.Combine(dir, "enclave.key") };
                o.L1.RpcUrl = rpc;
                o.L1.ModelRegistry = contracts.ModelRegistry;
                o.L1.ExecutorRegistry = contracts.ExecutorRegistry;
                o.L1.OperatorKey = key;
                o.L1.StakeWei = BigInteger.Pow(10, 18).ToString();
                o.Cheat = index == 0 ? options.Cheat : CheatMode.None;
            });
            var executorUrl = await StartAsync(Build(), 0, ct);
            _executorBuilders.Add((Build, executorUrl));
            executorUrls.Add(executorUrl);
            log.LogInformation("executor {Index} serving {Url}{Cheat}", index, executorUrl, index == 0 && options.Cheat != CheatMode.None ? $" (cheating: {options.Cheat})" : "");
        }

        // Sequencer.
        var apiKey = options.ApiKey ?? "otr-dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var sequencerKeyFile = Path.Combine(data, "keys", "sequencer.key");
        Directory.CreateDirectory(Path.GetDirectoryName(sequencerKeyFile)!);
        await File.WriteAllTextAsync(sequencerKeyFile, sequencerKey, ct);
        var sequencerBuilder = WebApplication.CreateBuilder(HostArgs(options));
        sequencerBuilder.AddOtrServiceDefaults("Sequencer");
        sequencerBuilder.Services.AddSingleton<IMessageBus>(_bus);
        sequencerBuilder.AddSequencer(o =>
        {
            o.ApiKeys.Add(apiKey);
            o.ChainId = chainId;
            o.RollupAddress = contracts.Rollup;
            o.DataDirectory = Path.Combine(data, "sequencer");
            var route = new Sequencer.Configuration.ModelRouteOptions { Name = model.Name };
            foreach (var executorUrl in executorUrls)
            {
                route.Executors.Add(executorUrl);
            }
            o.Models.Add(route);
        }, b =>
        {
            b.MaxAge = options.BatchMaxAge;
            b.MaxCount = options.BatchMaxCount;
        });
        sequencerBuilder.Services.Configure<Sequencer.Configuration.L1Options>(l1 =>
        {
            l1.RpcUrl = rpc;
            l1.PrivateKeyFile = sequencerKeyFile;
            l1.ExecutorRegistry = contracts.ExecutorRegistry;
        });
        var sequencer = sequencerBuilder.Build();
        sequencer.MapOtrDefaultEndpoints();
        sequencer.MapSequencer();
        var url = await StartAsync(sequencer, options.Port, ct);
        log.LogInformation("sequencer serving {Url}", url);

        // Challenger: re-executes the registered model from what the sequencer publishes.
        WebApplication BuildChallenger() => ChallengerApp.Build(HostArgs(options), _bus, o =>
        {
            o.ModelPath = modelPath;
            o.FindingsPath = Path.Combine(data, "challenger", "findings.jsonl");
            o.L1.RpcUrl = rpc;
            o.L1.ModelRegistry = contracts.ModelRegistry;
            o.L1.ExecutorRegistry = contracts.ExecutorRegistry;
            o.L1.Rollup = contracts.Rollup;
            o.Dispute.DisputeGame = contracts.DisputeGame;
            o.Dispute.PrivateKey = challengerKey;
            o.Dispute.JournalPath = Path.Combine(data, "challenger", "disputes.jsonl");
        });
        var challengerUrl = await StartAsync(BuildChallenger(), 0, ct);
        _challengerBuilder = (BuildChallenger, challengerUrl);
        log.LogInformation("challenger serving {Url}", challengerUrl);

        Info = new DevnetInfo(url, apiKey, rpc, chainId, contracts, executorUrls[0], challengerUrl, model.Name);
        var json = JsonSerializer.Serialize(Info, JsonOptions);
        await File.WriteAllTextAsync(Path.Combine(data, "devnet.json"), json, ct);
        if (options.ReadyFile is { } ready)
        {
            var tmp = ready + ".tmp";
            await File.WriteAllTextAsync(tmp, json, ct);
            File.Move(tmp, ready, overwrite: true);
        }
    }

    /// <summary>Stops executor <paramref name="index"/> (0: the one that may cheat) and starts it again on the same port, with the same key and state files.</summary>
    public Task RestartExecutorAsync(int index, CancellationToken ct = default) => RestartAsync(_executorBuilders[index], ct);

    /// <summary>Stops the challenger and starts it again on the same port, with the same findings, journal and bus position.</summary>
    public Task RestartChallengerAsync(CancellationToken ct = default) => RestartAsync(_challengerBuilder, ct);

    private async Task RestartAsync((Func<WebApplication> Build, string Url) service, CancellationToken ct)
    {
        var port = new Uri(service.Url).Port;
        var running = _apps.Single(a => a.Urls.Any(u => new Uri(u).Port == port) || Bound(a) == port);
        _apps.Remove(running);
        await running.StopAsync(ct);
        await running.DisposeAsync();
        await StartAsync(service.Build(), port, ct);
    }

    private static int Bound(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    /// <summary>Logging of the hosted services: one line per event, framework chatter only when it matters.</summary>
    private static string[] HostArgs(DevnetOptions options) =>
    [
        $"--Logging:LogLevel:Default={options.LogLevel}",
        "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
        "--Logging:LogLevel:System.Net.Http=Warning",
        "--Logging:Console:FormatterName=simple",
        "--Logging:Console:FormatterOptions:SingleLine=true",
        "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss ",
    ];

    /// <summary>JSON settings of the devnet files.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = true };

    private async Task<string> StartAsync(WebApplication app, int port, CancellationToken ct)
    {
        app.Urls.Clear();
        app.Urls.Add($"http://127.0.0.1:{port}");
        _apps.Add(app);
        await app.StartAsync(ct);
        // With port 0 Kestrel picks one; the server's address feature says which.
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().TrimEnd('/');
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        for (var i = _apps.Count - 1; i >= 0; i--)
        {
            try
            {
                await _apps[i].StopAsync(CancellationToken.None);
            }
            finally
            {
                await _apps[i].DisposeAsync();
            }
        }

        _apps.Clear();
        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }

        if (_anvil is not null)
        {
            await _anvil.DisposeAsync();
        }
    }
}
