using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Otr.Inference;
using Otr.Messaging;
using Otr.Protocol;
using Otr.ServiceDefaults;

namespace Otr.Challenger.Tests.Kit;

/// <summary>
/// Everything around a challenger in an agent test: a durable in-process bus in a temp directory,
/// a fake L1 with the honest small demo model registered, an executor key registered for it, and
/// helpers to publish batches the way the sequencer does. Challenger hosts come and go over the
/// same bus directory and findings file, as a restarted process would.
/// </summary>
internal sealed class ChallengerNetwork : IAsyncDisposable
{
    public static readonly Q8ModelConfig SmallConfig = DemoModelFactory.DemoConfig with
    {
        Dim = 32,
        Heads = 2,
        Layers = 2,
        MlpDim = 64,
        ContextLength = 96,
    };

    public static readonly Eip712Domain Domain = new(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");

    private static readonly Lazy<Q8Model> HonestModelValue = new(() => DemoModelFactory.Create(1, SmallConfig));
    private static readonly Lazy<Q8Model> OtherModelValue = new(() => DemoModelFactory.Create(2, SmallConfig));

    private readonly TempDirectory _dir = new();
    private ulong _nextBatch;

    public ChallengerNetwork()
    {
        Bus = OpenBus();
        L1 = new FakeL1(Domain);
        L1.RegisterModel(HonestModel.ModelId, HonestModel.WeightsRoot);
        Executor = new ReceiptMaker(Domain, Key(0x11));
        L1.RegisterExecutor(Executor.Executor, HonestModel.ModelId);
    }

    public static Q8Model HonestModel => HonestModelValue.Value;

    /// <summary>The demo model of the next seed: what a cheating executor runs instead.</summary>
    public static Q8Model OtherModel => OtherModelValue.Value;

    public InProcessBus Bus { get; private set; }

    public FakeL1 L1 { get; }

    public ReceiptMaker Executor { get; }

    public string FindingsPath => _dir.File("findings.jsonl");

    public static byte[] Key(byte b)
    {
        var key = new byte[32];
        key[31] = b;
        key[0] = 0x01;
        return key;
    }

    /// <summary>Closes the bus and opens a new one over the same directory (a process restart).</summary>
    public async Task ReopenBusAsync()
    {
        await Bus.DisposeAsync();
        Bus = OpenBus();
    }

    /// <summary>Posts a batch to the fake L1 and publishes it and its receipts on the bus, as the sequencer does.</summary>
    public async Task<IReadOnlyList<PublishedReceipt>> PublishBatchAsync(
        params ReceiptMaker.Unbatched[] receipts) =>
        await PublishBatchAsync(receipts, tamper: null);

    public async Task<IReadOnlyList<PublishedReceipt>> PublishBatchAsync(
        IReadOnlyList<ReceiptMaker.Unbatched> receipts, Func<int, ReceiptPublished, ReceiptPublished>? tamper)
    {
        var index = _nextBatch++;
        var published = ReceiptMaker.Batch(index, L1, [.. receipts]);
        var ct = TestContext.Current.CancellationToken;
        await Bus.PublishJsonAsync(
            Topics.Batches,
            index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new BatchPosted(index, "0x" + new string('0', 64), receipts.Count, "0x" + new string('0', 64),
                [.. receipts.Select(r => r.Signed.Digest.ToString())]),
            ct: ct);
        for (var i = 0; i < receipts.Count; i++)
        {
            var r = receipts[i];
            var message = new ReceiptPublished(
                ReceiptJson.Serialize(r.Signed), r.Signed.Digest.ToString(), HonestModel.Name, r.Prompt, r.Params,
                r.Tokens, r.Text, index, (ulong)i);
            message = tamper?.Invoke(i, message) ?? message;
            await Bus.PublishJsonAsync(Topics.Receipts, r.Signed.Digest.ToString(), message, ct: ct);
        }

        return published;
    }

    /// <summary>A challenger host over the shared bus and fake L1, re-executing with ONNX Runtime on the honest small model.</summary>
    public IHost BuildChallenger(Action<ChallengerOptions>? configure = null, Q8Model? model = null, Func<IReexecutor, IReexecutor>? wrap = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IMessageBus>(Bus);
        builder.Services.AddSingleton<IRegistryReader>(L1);
        builder.Services.AddSingleton<IBatchReader>(L1);
        builder.Services.AddSingleton<IReexecutor>(_ =>
        {
            var onnx = new Q8Reexecutor(new OnnxQ8Engine(model ?? HonestModel), ownsEngine: true);
            return wrap is null ? onnx : wrap(onnx);
        });
        builder.Services.AddChallenger(o =>
        {
            o.FindingsPath = FindingsPath;
            o.RetryDelay = TimeSpan.FromMilliseconds(20);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(100);
            o.BatchWait = TimeSpan.FromSeconds(10);
            configure?.Invoke(o);
        });
        return builder.Build();
    }

    /// <summary>The whole challenger web app (endpoints and probes) on a loopback port, over the shared bus and fake L1.</summary>
    public WebApplication BuildChallengerApp()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddOtrServiceDefaults(ChallengerApp.ServiceName);
        builder.Services.AddSingleton<IMessageBus>(Bus);
        builder.Services.AddSingleton<IRegistryReader>(L1);
        builder.Services.AddSingleton<IBatchReader>(L1);
        builder.Services.AddSingleton<IReexecutor>(_ => new Q8Reexecutor(new OnnxQ8Engine(HonestModel), ownsEngine: true));
        builder.Services.AddChallenger(o =>
        {
            o.FindingsPath = FindingsPath;
            o.BatchWait = TimeSpan.FromSeconds(10);
        });
        var app = builder.Build();
        app.MapOtrDefaultEndpoints();
        app.MapChallenger();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.DisposeAsync();
        _dir.Dispose();
    }

    private InProcessBus OpenBus() => new(new InProcessBusOptions { Directory = _dir.File("bus"), FlushToDisk = false });
}
