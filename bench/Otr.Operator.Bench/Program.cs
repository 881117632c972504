using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Otr.Kubernetes.Testing;
using Otr.Operator;
using Otr.Operator.Controllers;
using Otr.Operator.Entities;
using Otr.Operator.Runtime;
using Otr.Operator.Scheduling;

// Reconciles N InferenceModels (500; 50 with --quick) over 4 TeeNodePools against the in-test API
// server (deployments become ready at once) and prints the time until every model is Ready and the
// process's peak memory.
var quick = args.Contains("--quick");
var count = quick ? 50 : 500;
string[] crds = [Path.Combine(AppContext.BaseDirectory, "crds", "teenodepools.otr.dev.yaml"), Path.Combine(AppContext.BaseDirectory, "crds", "inferencemodels.otr.dev.yaml")];
await using var server = await FakeKubernetesApiServer.StartAsync(crds);
server.AutoReadyDeployments = true;
var client = server.CreateClient();

TeeNodePool Pool(string name, TeeTechnology tee) => new()
{
    Metadata = new V1ObjectMeta { Name = name },
    Spec = new TeeNodePoolSpec
    {
        Tee = tee,
        NodeSelector = new Dictionary<string, string> { ["kubernetes.azure.com/agentpool"] = name },
        Attestation = new AttestationPolicy { AllowedMeasurements = [new string('a', 64)], Freshness = "1h" },
        Capacity = new PoolCapacity { MaxExecutors = 10_000 },
    },
};
(string, TeeTechnology)[] pools = [("sgx", TeeTechnology.Sgx), ("tdx", TeeTechnology.Tdx), ("snp-a", TeeTechnology.SevSnp), ("snp-b", TeeTechnology.SevSnp)];
foreach (var (name, tee) in pools)
    await client.CustomObjects.CreateClusterCustomObjectAsync(Pool(name, tee), OtrApi.Group, OtrApi.Version, OtrApi.TeeNodePoolPlural);

var technologies = Enum.GetValues<TeeTechnology>();
for (var i = 0; i < count; i++)
{
    var model = new InferenceModel
    {
        Metadata = new V1ObjectMeta { Name = $"model-{i:D4}", NamespaceProperty = $"team-{i % 10}" },
        Spec = new InferenceModelSpec
        {
            Source = new ModelSource { Uri = $"demo://{i}", Digest = "sha256:" + new string('c', 64) },
            WeightsRoot = "0x" + i.ToString("x64", CultureInfo.InvariantCulture),
            Profile = ExecutionProfile.Q8Exact,
            Tee = new TeeRequirements { Technology = technologies[i % technologies.Length] },
            Replicas = 1 + (i % 3),
            OperatorKeySecretRef = new SecretKeyRef { Name = "operator-key", Key = "key" },
        },
    };
    await client.CustomObjects.CreateNamespacedCustomObjectAsync(model, OtrApi.Group, OtrApi.Version, model.Metadata.NamespaceProperty, OtrApi.InferenceModelPlural);
}

var options = new OperatorOptions
{
    PodName = "bench",
    PodNamespace = "otr-system",
    ExecutorImage = "otr-executor:bench",
    RoutesConfigMap = "otr-routes",
    Workers = 4,
    LeaseDuration = TimeSpan.FromSeconds(5),
    RenewDeadline = TimeSpan.FromSeconds(4),
    RetryPeriod = TimeSpan.FromMilliseconds(200),
    RetryBaseDelay = TimeSpan.FromMilliseconds(50),
    RetryMaxDelay = TimeSpan.FromSeconds(2),
};
var metrics = new OperatorMetrics();
using var controller = new OperatorController(server.CreateClient(), options, NullLoggerFactory.Instance, metrics);
using var stop = new CancellationTokenSource();
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
var clock = Stopwatch.StartNew();
var run = controller.RunAsync(stop.Token);
int ready;
while (true)
{
    var list = await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<CustomResourceList<InferenceModel>>(OtrApi.Group, OtrApi.Version, OtrApi.InferenceModelPlural);
    ready = list.Items.Count(m => m.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Status == "True") == true);
    if (ready == count || clock.Elapsed > TimeSpan.FromMinutes(5))
        break;
    await Task.Delay(50);
}

var elapsed = clock.Elapsed;
await stop.CancelAsync();
await run;
using var self = Process.GetCurrentProcess();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"models {count}, ready {ready}, pools 4"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reconciles: inferencemodel {metrics.Reconciles("inferencemodel")}, teenodepool {metrics.Reconciles("teenodepool")}, routes {metrics.Reconciles("routes")}, errors {metrics.Errors("inferencemodel")}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"writes: deployments {metrics.Writes("deployment/create")}, status {metrics.Writes("inferencemodel/status")}, routes {metrics.Writes("configmap/create") + metrics.Writes("configmap/update")}; API requests {server.Requests.Count}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated {(GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / (1024.0 * 1024):F1} MiB (operator and API server in one process)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"operator: {count} models Ready in {elapsed.TotalSeconds:F2} s ({count / elapsed.TotalSeconds:F0} models/s), peak working set {self.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB"));
return ready == count ? 0 : 1;
