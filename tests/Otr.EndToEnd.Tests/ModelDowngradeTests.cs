using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Api;
using Otr.Attestation;
using Otr.Chain.Contracts;
using Otr.Cli.Devnet;
using Otr.Executor;
using Otr.Executor.Configuration;
using Otr.Executor.Hosting;
using Otr.Executor.Http;
using Otr.Messaging;
using Otr.Protocol;
using Otr.Sequencer;
using Otr.Sequencer.Configuration;
using Otr.Sequencer.Receipts;

namespace Otr.EndToEnd.Tests;

/// <summary>
/// A model downgrade on the devnet (development attestation verifier): an executor that loaded other weights than the
/// registered model's gets evidence binding those weights. It cannot register, refuses to start against L1, and the
/// receipts its (unregistered) enclave key signs are refused by a sequencer, the challenger and <c>otr verify</c>.
/// </summary>
[Collection(nameof(HonestDevnet))]
public sealed class ModelDowngradeTests(HonestDevnet devnet) : IAsyncLifetime
{
    /// <summary>The devnet model is <c>DemoModelFactory.Create(1)</c>; seed 2 is the same architecture with other weights.</summary>
    private const int DowngradeSeed = 2;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "otr-downgrade-" + Guid.NewGuid().ToString("n"));
    private readonly List<WebApplication> _apps = [];
    private WebApplication _downgraded = null!;
    private string _downgradedUrl = null!;

    private DevnetNetwork Net => devnet.Net;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dir);

        // The downgraded executor off-chain: it serves the registered model's name from other weights, and its
        // simulated TEE attests with the devnet's dev root, so its evidence is genuine for what it loaded.
        _downgraded = ExecutorApp.Build([], o =>
        {
            o.DemoSeed = DowngradeSeed;
            o.ModelName = Net.Info.Model;
            o.ChainId = Net.Info.ChainId;
            o.RollupAddress = Net.Info.Contracts.Rollup;
            o.SimulatedTee = new SimulatedTeeOptions { DevRootKey = DevRootKey() };
        });
        _downgradedUrl = await StartAsync(_downgraded);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(_apps))
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Register_EvidenceBindingOtherWeights_RevertsInvalidAttestation()
    {
        var attestation = await GetJsonAsync<ExecutorAttestation>($"{_downgradedUrl}/v1/attestation");
        var model = await new ModelRegistryService(new Web3(Net.Info.RpcUrl), Net.Info.Contracts.ModelRegistry).GetModelAsync(ModelId);
        Assert.NotNull(model);
        Assert.NotEqual(model.WeightsRoot, Bytes32.Parse(attestation.WeightsRoot));

        var registry = Registry(devAccount: 8);
        var e = await Assert.ThrowsAsync<ContractRevertException>(() => registry.RegisterAsync(
            attestation.EnclaveAddress, ModelId, Bytes32.Parse(attestation.Measurement), Convert.FromHexString(attestation.OnChainEvidence[2..]), BigInteger.Pow(10, 18), Ct));
        Assert.Equal("InvalidAttestation", e.ErrorName);
        Assert.Null(await registry.GetRegistrationAsync(attestation.EnclaveAddress));

        // Control: the same dev root attesting the registered weights root for another key registers, so the
        // revert above is the weights binding and nothing else.
        var control = DevAttestation.AddressOf(RandomNumberGenerator.GetBytes(32));
        var evidence = DevAttestation.Sign(Convert.FromHexString(DevRootKey()[2..]), control, DevAttestation.Measurement, model.WeightsRoot);
        await registry.RegisterAsync(control, ModelId, DevAttestation.Measurement, evidence, BigInteger.Pow(10, 18), Ct);
        Assert.True(await registry.IsRegisteredAsync(control, ModelId));
    }

    [Fact]
    public async Task Executor_OtherWeightsAgainstL1_RefusesToStart()
    {
        var app = ExecutorApp.Build([], o =>
        {
            o.DemoSeed = DowngradeSeed;
            o.ModelName = Net.Info.Model;
            o.ChainId = Net.Info.ChainId;
            o.RollupAddress = Net.Info.Contracts.Rollup;
            o.SimulatedTee = new SimulatedTeeOptions { DevRootKey = DevRootKey() };
            o.L1.RpcUrl = Net.Info.RpcUrl;
            o.L1.ModelRegistry = Net.Info.Contracts.ModelRegistry;
            o.L1.ExecutorRegistry = Net.Info.Contracts.ExecutorRegistry;
            o.L1.OperatorKey = Net.Anvil.DevPrivateKeys[7];
        });

        var e = await Assert.ThrowsAsync<ExecutorStartupException>(() => StartAsync(app));
        Assert.Contains("weights root mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains(Net.Info.Contracts.ModelRegistry, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sequencer_UnregisteredEnclaveKey_IsNeverRoutedTo()
    {
        var downgradedKey = (await GetJsonAsync<JsonElement>($"{_downgradedUrl}/v1/identity")).GetProperty("address").GetString()!;
        var honestKey = (await GetJsonAsync<JsonElement>($"{Net.Info.ExecutorUrl}/v1/identity")).GetProperty("address").GetString()!;

        // Only the downgraded executor: nothing is answered and nothing is stored.
        var alone = await StartSequencerAsync("alone", _downgradedUrl);
        using (var response = await ChatAsync(alone.Url))
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("executor_unavailable", body, StringComparison.Ordinal);
            Assert.Contains($"enclave key {downgradedKey}", body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("not registered in ExecutorRegistry", body, StringComparison.Ordinal);
        }

        Assert.Empty(alone.Services.GetRequiredService<IReceiptStore>().Pending());

        // Next to the honest executor: round robin would give it every other request; every answer is the honest key's.
        var both = await StartSequencerAsync("both", _downgradedUrl, Net.Info.ExecutorUrl);
        for (var i = 0; i < 4; i++)
        {
            using var response = await ChatAsync(both.Url);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, body);
            var signer = JsonDocument.Parse(body).RootElement.GetProperty("otr").GetProperty("receipt").GetProperty("receipt").GetProperty("executor").GetString();
            Assert.Equal(honestKey, signer, ignoreCase: true);
        }

        Assert.All(both.Services.GetRequiredService<IReceiptStore>().Pending(), r => Assert.Equal(
            honestKey, r.Entry.Receipt.GetProperty("receipt").GetProperty("executor").GetString(), ignoreCase: true));
    }

    [Fact]
    public async Task Receipt_SignedByUnregisteredKey_ChallengerFlagsItAndVerifyFailsRegistration()
    {
        var request = new ExecuteRequest(
            "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            Net.Info.Model, "<|user|>which weights are you?<|assistant|>", MaxTokens: 8, TemperatureMilli: 0, Seed: 0, Nonce: 7);
        using var response = await devnet.Http.PostAsJsonAsync($"{_downgradedUrl}/v1/execute", request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        var executed = JsonSerializer.Deserialize<ExecuteResponse>(body, JsonSerializerOptions.Web)!;
        var document = executed.Receipt.GetRawText();
        var signed = ReceiptJson.Deserialize(document);

        // otr verify: the signature is fine, the registration check is not.
        var report = await devnet.VerifyAsync(document);
        Assert.False(report.Valid);
        Assert.Contains(report.Checks, c => c.Name == "signature" && c.Passed == true);
        var registration = Assert.Single(report.Checks, c => c.Name == "registration");
        Assert.False(registration.Passed);
        Assert.Contains("NOT registered", registration.Detail, StringComparison.Ordinal);

        // The challenger: the receipt published on the bus the way the sequencer publishes it.
        var message = new ReceiptPublished(
            document, signed.Digest.ToString(), executed.Model, request.Prompt,
            new DecodingParams(request.MaxTokens, request.TemperatureMilli, request.Seed), [.. executed.Tokens], executed.Text);
        await Net.Bus.PublishAsync(Topics.Receipts, signed.Digest.ToString(), MessageJson.Serialize(message), null, Ct);
        var verdict = await devnet.WaitForVerdictAsync(signed.Digest.ToString(), TimeSpan.FromSeconds(60));
        Assert.Contains("unregistered_executor", DevnetHarness.FindingKinds(verdict));
    }

    private Bytes32 ModelId => Keccak.HashUtf8(Net.Info.Model);

    /// <summary>The devnet's dev attestation root (random per run): simulated hardware needs it to attest anything.</summary>
    private string DevRootKey() => Net.DevRootKey;

    private ExecutorRegistryService Registry(int devAccount)
    {
        var web3 = new Web3(new Account(Net.Anvil.DevPrivateKeys[devAccount], Net.Anvil.ChainId), Net.Info.RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        return new ExecutorRegistryService(web3, Net.Info.Contracts.ExecutorRegistry);
    }

    private async Task<T> GetJsonAsync<T>(string url)
    {
        using var response = await devnet.Http.GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
    }

    private Task<HttpResponseMessage> ChatAsync(string sequencerUrl) =>
        devnet.Http.PostAsJsonAsync($"{sequencerUrl}/v1/chat/completions", new
        {
            model = Net.Info.Model,
            messages = new[] { new { role = "user", content = "which weights are you?" } },
            max_tokens = 4,
        }, Ct);

    /// <summary>A sequencer of its own, checking registrations on the devnet's ExecutorRegistry, routing to <paramref name="executors"/>.</summary>
    private async Task<(string Url, IServiceProvider Services)> StartSequencerAsync(string name, params string[] executors)
    {
        var keyFile = Path.Combine(_dir, name + ".key");
        await File.WriteAllTextAsync(keyFile, Net.Anvil.DevPrivateKeys[6], Ct);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.AddSequencer(
            o =>
            {
                var route = new ModelRouteOptions { Name = Net.Info.Model };
                foreach (var executor in executors)
                {
                    route.Executors.Add(executor);
                }

                o.Models.Add(route);
                o.ApiKeys.Add(Net.Info.ApiKey);
                o.ChainId = Net.Info.ChainId;
                o.RollupAddress = Net.Info.Contracts.Rollup;
                o.DataDirectory = Path.Combine(_dir, name);
            },
            b => b.Enabled = false);
        builder.Services.Configure<Otr.Sequencer.Configuration.L1Options>(l1 =>
        {
            l1.RpcUrl = Net.Info.RpcUrl;
            l1.PrivateKeyFile = keyFile;
            l1.ExecutorRegistry = Net.Info.Contracts.ExecutorRegistry;
        });
        var app = builder.Build();
        app.MapSequencer();
        var url = await StartAsync(app);
        return (url, app.Services);
    }

    /// <summary>Starts an app on a loopback port (an executor app gets one here; a sequencer app has its Kestrel listener).</summary>
    private async Task<string> StartAsync(WebApplication app)
    {
        if (app.Services.GetService<IOptions<ExecutorOptions>>() is not null)
        {
            app.Urls.Add("http://127.0.0.1:0");
        }

        try
        {
            await app.StartAsync(Ct);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        _apps.Add(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }
}
