using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Otr.Kubernetes.Testing;
using Otr.Operator;
using Otr.Operator.Controllers;
using Otr.Operator.Entities;
using Otr.Operator.Runtime;

namespace Otr.Operator.Tests;

/// <summary>A fake API server with the OTR CRDs, operator instances running against it, and helpers to drive them.</summary>
public sealed class Harness : IAsyncDisposable
{
    public const string Namespace = "models";
    public const string OperatorNamespace = "otr-system";

    private readonly List<RunningOperator> _operators = [];

    private Harness(FakeKubernetesApiServer server)
    {
        Server = server;
        Client = server.CreateClient();
    }

    public FakeKubernetesApiServer Server { get; }

    public IKubernetes Client { get; }

    public static string[] CrdFiles { get; } =
        [Path.Combine(AppContext.BaseDirectory, "crds", "teenodepools.otr.dev.yaml"), Path.Combine(AppContext.BaseDirectory, "crds", "inferencemodels.otr.dev.yaml")];

    public static async Task<Harness> StartAsync()
    {
        var h = new Harness(await FakeKubernetesApiServer.StartAsync(CrdFiles));
        return h;
    }

    public static OperatorOptions Options(string identity) => new()
    {
        PodName = identity,
        PodNamespace = OperatorNamespace,
        ExecutorImage = "registry.example/otr-executor:test",
        RoutesConfigMap = "otr-routes",
        Workers = 2,
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromMilliseconds(1500),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromSeconds(1),
        WatchTimeout = TimeSpan.FromSeconds(30),
        ResyncPeriod = TimeSpan.FromMinutes(10),
        Network = new NetworkOptions
        {
            ChainId = 31337,
            RollupAddress = "0x" + new string('1', 40),
            ModelRegistry = "0x" + new string('2', 40),
            ExecutorRegistry = "0x" + new string('3', 40),
            L1RpcSecretName = "otr-l1",
            L1RpcSecretKey = "url",
            KafkaBootstrap = "kafka.otr-system.svc:9092",
            SequencerUrl = "http://otr-sequencer.otr-system.svc:8080",
        },
    };

    public RunningOperator StartOperator(string identity = "operator-0", Action<OperatorOptions>? configure = null)
    {
        var options = Options(identity);
        configure?.Invoke(options);
        var op = new RunningOperator(Server.CreateClient(), options);
        _operators.Add(op);
        return op;
    }

    public async Task CreatePoolAsync(TeeNodePool pool) =>
        await Client.CustomObjects.CreateClusterCustomObjectAsync(pool, OtrApi.Group, OtrApi.Version, OtrApi.TeeNodePoolPlural);

    public async Task CreateModelAsync(InferenceModel model) =>
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(model, OtrApi.Group, OtrApi.Version, model.Metadata.NamespaceProperty ?? Namespace, OtrApi.InferenceModelPlural);

    public async Task<InferenceModel> GetModelAsync(string name, string ns = Namespace) =>
        await Client.CustomObjects.GetNamespacedCustomObjectAsync<InferenceModel>(OtrApi.Group, OtrApi.Version, ns, OtrApi.InferenceModelPlural, name);

    public async Task<TeeNodePool> GetPoolAsync(string name) =>
        await Client.CustomObjects.GetClusterCustomObjectAsync<TeeNodePool>(OtrApi.Group, OtrApi.Version, OtrApi.TeeNodePoolPlural, name);

    public async Task PatchModelSpecAsync(string name, JsonObject spec, string ns = Namespace) =>
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(new JsonObject { ["spec"] = spec }.ToJsonString(), V1Patch.PatchType.MergePatch),
            OtrApi.Group, OtrApi.Version, ns, OtrApi.InferenceModelPlural, name);

    public async Task<V1Deployment?> GetDeploymentAsync(string model, string ns = Namespace)
    {
        try
        {
            return await Client.AppsV1.ReadNamespacedDeploymentAsync(model + "-executor", ns);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task AddNodeAsync(string name, IDictionary<string, string> labels, bool ready = true) =>
        await Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
        });

    public async Task<List<Corev1Event>> EventsAsync(string ns = Namespace) =>
        [.. (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items];

    /// <summary>Polls <paramref name="condition"/> until true; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await condition())
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail("timed out waiting until " + what);
            await Task.Delay(25);
        }
    }

    public async Task<InferenceModel> WaitForConditionAsync(string model, string type, string status, string? reason = null, string ns = Namespace)
    {
        InferenceModel? last = null;
        await EventuallyAsync(async () =>
        {
            last = await GetModelAsync(model, ns);
            var c = last.Status?.Conditions?.FirstOrDefault(x => x.Type == type);
            return c is not null && c.Status == status && (reason is null || c.Reason == reason) && last.Status!.ObservedGeneration == last.Metadata.Generation;
        }, $"{model} has {type}={status} {reason}");
        return last!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var op in _operators)
            await op.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>One operator instance running in the background until stopped.</summary>
public sealed class RunningOperator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public RunningOperator(IKubernetes client, OperatorOptions options)
    {
        Options = options;
        Controller = new OperatorController(client, options, Loggers(), new OperatorMetrics());
        _run = Task.Run(() => Controller.RunAsync(_stop.Token));
    }

    public OperatorOptions Options { get; }

    /// <summary>Set OTR_TEST_LOG to a file path to get the operators' logs there (diagnosis of a failing scenario).</summary>
    private static ILoggerFactory Loggers()
    {
        var path = Environment.GetEnvironmentVariable("OTR_TEST_LOG");
        if (string.IsNullOrEmpty(path))
            return NullLoggerFactory.Instance;
        var writer = new StreamWriter(path, append: true) { AutoFlush = true };
        Console.SetOut(writer);
        return LoggerFactory.Create(b => b.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(LogLevel.Debug));
    }

    public OperatorController Controller { get; }

    public OperatorMetrics Metrics => Controller.Metrics;

    public bool Stopped => _stop.IsCancellationRequested;

    /// <summary>Stops the instance abruptly (no Lease release): a crashed or killed pod.</summary>
    public async Task KillAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        Controller.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _stop.Dispose();
    }
}
