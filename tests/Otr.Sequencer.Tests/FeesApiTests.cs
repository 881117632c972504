using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Attestation;
using Otr.Chain.Contracts;
using Otr.Chain.Deployment;
using Otr.Protocol;
using Otr.Sequencer.Fees;
using Otr.Sequencer.Telemetry;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

/// <summary>
/// Fees end to end against ModelRegistry and ExecutorRegistry on Anvil: each stored receipt earns pricePerToken × output
/// tokens for the enclave key that signed it and that key's operator, durably, once, across restarts.
/// </summary>
public sealed class FeesApiTests(ChainFixture chain) : IClassFixture<ChainFixture>
{
    private static readonly Bytes32 WeightsRoot = Keccak.HashUtf8("fee test weights");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fees_ReceiptsOfARegisteredKey_AttributedToKeyAndOperator_RestartDoesNotCountTwice()
    {
        var contracts = await DeployAsync();
        await RegisterModelAsync(contracts, FakeExecutor.DefaultModel, price: 1_000);
        await using var executor = await FakeExecutor.StartAsync(SequencerHost.Domain, keySeed: 21);
        await RegisterKeyAsync(contracts, executor, operatorAccount: 2);
        using var data = new TempDirectory();
        var tokens = new List<long>();

        await using (var host = await StartAsync(data.Path, executor, contracts))
        {
            var wei = new ConcurrentBag<double>();
            using var listener = FeesListener(host, wei);
            tokens.Add(await CompleteAsync(host, "first"));
            tokens.Add(await CompleteAsync(host, "second"));
            var fees = await WaitForFeesAsync(host, f => Receipts(f) == 2);
            var row = Assert.Single(fees.GetProperty("data").EnumerateArray());
            Assert.Equal(executor.Address, row.GetProperty("executor").GetString(), ignoreCase: true);
            Assert.Equal(chain.Node.DevAddresses[2], row.GetProperty("operator").GetString(), ignoreCase: true);
            Assert.Equal(tokens.Sum(), row.GetProperty("tokens").GetInt64());
            Assert.Equal((1_000 * tokens.Sum()).ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("wei").GetString());
            Assert.Equal(row.GetProperty("wei").GetString(), fees.GetProperty("totalWei").GetString());
            Assert.Empty(fees.GetProperty("unattributed").EnumerateArray());
            await Eventually.HoldsAsync(() => wei.Sum() == 1_000 * tokens.Sum(), "otr.sequencer.fees_wei recorded the fees");
        }

        await using (var restarted = await StartAsync(data.Path, executor, contracts))
        {
            tokens.Add(await CompleteAsync(restarted, "third"));
            var fees = await WaitForFeesAsync(restarted, f => Receipts(f) >= 3);

            // The restarted agent re-read every receipt from the first; the ledger kept the first two from counting again.
            var row = Assert.Single(fees.GetProperty("data").EnumerateArray());
            Assert.Equal(3, row.GetProperty("receipts").GetInt64());
            Assert.Equal(tokens.Sum(), row.GetProperty("tokens").GetInt64());
            Assert.Equal(3, File.ReadAllLines(Path.Combine(data.Path, FeeLedger.FileName)).Length);

            // A redelivered pass (the same receipts again) changes nothing.
            await restarted.Services.GetRequiredService<FeeAttributionAgent>().TickAsync(Ct);
            Assert.Equal(3, File.ReadAllLines(Path.Combine(data.Path, FeeLedger.FileName)).Length);
        }
    }

    [Fact]
    public async Task Fees_ModelWithoutPrice_ReasonNamedAndReceiptKeptUntilPriced()
    {
        const string Model = "unpriced-model";
        var contracts = await DeployAsync();
        await using var executor = await FakeExecutor.StartAsync(SequencerHost.Domain, keySeed: 22, model: Model);
        using var data = new TempDirectory();
        string digest;

        // No ExecutorRegistry routing check here (the key cannot be registered for a model ModelRegistry lacks), but the
        // fee schedule reads the real registries.
        await using (var host = await StartAsync(data.Path, executor, contracts, routeOnlyRegistered: false))
        {
            using var response = await host.Client.PostAsJsonAsync("/v1/completions", new { model = Model, prompt = "how much?" }, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            digest = response.Headers.GetValues("X-OTR-Receipt-Digest").Single();
            var fees = await WaitForFeesAsync(host, f => f.GetProperty("unattributed").EnumerateArray().Any(u => u.GetProperty("reason").GetString()!.StartsWith("price unknown", StringComparison.Ordinal)));
            var waiting = Assert.Single(fees.GetProperty("unattributed").EnumerateArray());
            Assert.Equal(digest, waiting.GetProperty("digest").GetString());
            Assert.Equal($"price unknown: model '{Model}' has no pricePerToken in ModelRegistry", waiting.GetProperty("reason").GetString());
            Assert.Empty(fees.GetProperty("data").EnumerateArray());
        }

        Assert.Equal(0, new FileInfo(Path.Combine(data.Path, FeeLedger.FileName)).Length);

        // The model is priced and the key registered while the sequencer is down; the receipt is paid after the restart.
        await RegisterModelAsync(contracts, Model, price: 7);
        await RegisterKeyAsync(contracts, executor, operatorAccount: 3);
        await using (var restarted = await StartAsync(data.Path, executor, contracts, routeOnlyRegistered: false))
        {
            var fees = await WaitForFeesAsync(restarted, f => Receipts(f) == 1);
            var row = Assert.Single(fees.GetProperty("data").EnumerateArray());
            Assert.Equal(chain.Node.DevAddresses[3], row.GetProperty("operator").GetString(), ignoreCase: true);
            Assert.Equal((7 * row.GetProperty("tokens").GetInt64()).ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("wei").GetString());
            Assert.Empty(fees.GetProperty("unattributed").EnumerateArray());
        }
    }

    [Fact]
    public async Task Fees_NeedTheApiKey_AndSayWhenNotConfigured()
    {
        await using var executor = await FakeExecutor.StartAsync(SequencerHost.Domain);
        using var data = new TempDirectory();
        await using var host = await SequencerHost.StartAsync(data.Path, [executor]);

        using var anonymous = await host.Anonymous.GetAsync("/v1/fees", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var off = await host.Client.GetAsync("/v1/fees", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, off.StatusCode);
        var error = JsonDocument.Parse(await off.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("error");
        Assert.Equal("fees_unavailable", error.GetProperty("code").GetString());
        Assert.Contains("Sequencer:L1:ExecutorRegistry", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static int Receipts(JsonElement fees) => fees.GetProperty("data").EnumerateArray().Sum(r => r.GetProperty("receipts").GetInt32());

    private static async Task<long> CompleteAsync(SequencerHost host, string prompt)
    {
        using var response = await host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt64();
    }

    private static async Task<JsonElement> WaitForFeesAsync(SequencerHost host, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var response = await host.Client.GetAsync("/v1/fees", Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var fees = JsonDocument.Parse(body).RootElement.Clone();
            if (done(fees))
            {
                return fees;
            }

            Assert.True(DateTime.UtcNow < deadline, $"fees did not reach the expected state: {body}");
            await Task.Delay(50, Ct);
        }
    }

    private static MeterListener FeesListener(SequencerHost host, ConcurrentBag<double> wei)
    {
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == SequencerMetrics.FeesWei && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, v, _, _) => wei.Add(v));
        listener.Start();
        return listener;
    }

    private async Task<SequencerHost> StartAsync(string data, FakeExecutor executor, OtrContracts contracts, bool routeOnlyRegistered = true)
    {
        var keyFile = Path.Combine(data, "..", Path.GetFileName(data) + ".key");
        await File.WriteAllTextAsync(keyFile, chain.SequencerKey, Ct);
        var settings = new Dictionary<string, string?>
        {
            ["Sequencer:L1:RpcUrl"] = chain.Node.RpcUrl,
            ["Sequencer:L1:PrivateKeyFile"] = keyFile,
            ["Sequencer:L1:FeeInterval"] = "00:00:00.05",
        };
        if (routeOnlyRegistered)
        {
            settings["Sequencer:L1:ExecutorRegistry"] = contracts.ExecutorRegistry;
        }

        return await SequencerHost.StartAsync(data, [executor], settings: settings, services: s =>
        {
            if (!routeOnlyRegistered)
            {
                s.AddSingleton<IFeeSchedule>(new L1FeeSchedule(chain.ReadWeb3, contracts.ExecutorRegistry));
            }
        });
    }

    private Task<OtrContracts> DeployAsync() =>
        OtrDeployer.DeployAllAsync(Web3Of(0), new DeploymentOptions
        {
            DevRootAddress = chain.Node.DevAddresses[9],
            Sequencer = chain.Node.DevAddresses[1],
            AllowedMeasurements = [DevAttestation.Measurement],
        });

    private Task RegisterModelAsync(OtrContracts contracts, string model, BigInteger price) =>
        new ModelRegistryService(Web3Of(0), contracts.ModelRegistry).RegisterModelAsync(
            Keccak.HashUtf8(model), WeightsRoot, Keccak.HashUtf8("tokenizer"), "q8-exact", price, Ct);

    private Task RegisterKeyAsync(OtrContracts contracts, FakeExecutor executor, int operatorAccount)
    {
        var evidence = DevAttestation.Sign(Convert.FromHexString(chain.Node.DevPrivateKeys[9][2..]), executor.Address, DevAttestation.Measurement, WeightsRoot);
        return new ExecutorRegistryService(Web3Of(operatorAccount), contracts.ExecutorRegistry).RegisterAsync(
            executor.Address, Keccak.HashUtf8(executor.Model), DevAttestation.Measurement, evidence, BigInteger.Pow(10, 18), Ct);
    }

    private Web3 Web3Of(int account)
    {
        var web3 = new Web3(new Account(chain.Node.DevPrivateKeys[account], chain.Node.ChainId), chain.Node.RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        return web3;
    }
}
