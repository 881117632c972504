using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Otr.Chart.Tests;

/// <summary>
/// docs/examples/aks: the TeeNodePool/InferenceModel manifests per confidential SKU. While charts/otr/crds is
/// empty they are checked against the contract's field names; once the operator's CRDs are there, against
/// the CRDs' schemas (see <see cref="CrdTests"/>).
/// </summary>
public sealed partial class ExampleTests
{
    /// <summary>The SKUs the examples cover: file, TEE, Azure VM size in the `az aks nodepool add` comment.</summary>
    public static TheoryData<string, string, string> Skus => new()
    {
        { "dcsv3-sgx.yaml", "SGX", "Standard_DC4s_v3" },
        { "dcesv5-tdx.yaml", "TDX", "Standard_DC8es_v5" },
        { "dcasv5-sev-snp.yaml", "SEV-SNP", "Standard_DC8as_v5" },
        { "nccadsh100v5-h100-cc.yaml", "SEV-SNP", "Standard_NCC40ads_H100_v5" },
    };

    private static readonly HashSet<string> TeeNodePoolFields =
        ["tee", "gpu", "nodeSelector", "tolerations", "resources", "runtimeClassName", "attestationPolicy", "capacity"];

    private static readonly HashSet<string> InferenceModelFields =
        ["modelName", "source", "weightsRoot", "profile", "poolRef", "replicas", "executor", "pricing", "spotCheckRate", "operatorKeySecretRef"];

    internal static List<JsonObject> Load(string file) =>
        Yaml.ParseDocuments(File.ReadAllText(Path.Combine(Repo.AksExamples, file)));

    [Fact]
    public void The_folder_holds_exactly_the_four_skus()
    {
        Assert.Equal(Skus.Select(r => r.Data.Item1).Order(StringComparer.Ordinal), Repo.AksResourceFiles.Select(Path.GetFileName));
    }

    [Theory, MemberData(nameof(Skus))]
    public void Each_sku_file_has_a_pool_and_a_model_on_it_and_the_command_that_creates_the_pool(string file, string tee, string vmSize)
    {
        var docs = Load(file);
        Assert.Equal(["TeeNodePool", "InferenceModel"], docs.Select(d => (string)d["kind"]!));
        Assert.All(docs, d => Assert.Equal("otr.dev/v1alpha1", (string)d["apiVersion"]!));
        var pool = docs[0];
        var model = docs[1];
        Assert.Null(pool["metadata"]!["namespace"]); // TeeNodePool is cluster-scoped
        Assert.NotNull(model["metadata"]!["namespace"]); // InferenceModel is namespaced
        Assert.Equal(tee, (string)pool["spec"]!["tee"]!);
        Assert.Equal((string)pool["metadata"]!["name"]!, (string)model["spec"]!["poolRef"]!);

        var text = File.ReadAllText(Path.Combine(Repo.AksExamples, file));
        Assert.Contains("az aks nodepool add", text, StringComparison.Ordinal);
        Assert.Contains($"--node-vm-size {vmSize}", text, StringComparison.Ordinal);
        // The pool's nodeSelector names the agent pool the command creates.
        var agentPool = (string)pool["spec"]!["nodeSelector"]!["kubernetes.azure.com/agentpool"]!;
        Assert.Contains($" -n {agentPool} ", text, StringComparison.Ordinal);
        // The model's namespace is one the chart's AKS values open to the sequencer.
        var values = Yaml.ParseDocuments(File.ReadAllText(Path.Combine(Repo.AksExamples, "values-aks.yaml")))[0];
        Assert.Contains((string)model["metadata"]!["namespace"]!, values["networkPolicy"]!["executorNamespaces"]!.AsArray().Select(n => (string)n!));
    }

    [Theory, MemberData(nameof(Skus))]
    public void Model_fields_are_well_formed(string file, string tee, string vmSize)
    {
        _ = (tee, vmSize);
        var spec = Load(file)[1]["spec"]!;
        Assert.Equal("q8-exact", (string)spec["profile"]!);
        Assert.Matches(Bytes32(), (string)spec["weightsRoot"]!);
        Assert.Matches(Sha256(), (string)spec["source"]!["digest"]!);
        Assert.Matches("^(file|pvc|demo)://", (string)spec["source"]!["uri"]!);
        Assert.InRange((long)spec["spotCheckBasisPoints"]!, 0, 10_000);
        Assert.InRange((long)spec["replicas"]!, 1, 64);
        Assert.False(string.IsNullOrEmpty((string?)spec["executor"]!["image"]));
        Assert.NotNull(spec["executor"]!["resources"]!["requests"]);
        Assert.NotNull(spec["operatorKeySecretRef"]!["name"]);
    }

    [Fact]
    public void The_gpu_pool_asks_for_the_gpu_it_declares()
    {
        var spec = Load("nccadsh100v5-h100-cc.yaml")[0]["spec"]!;
        Assert.Equal("nvidia", (string)spec["gpu"]!["vendor"]!);
        Assert.Equal("H100", (string)spec["gpu"]!["model"]!);
        Assert.InRange((long)spec["gpu"]!["count"]!, 1, 8);
        // The operator requests nvidia.com/gpu from gpu.count; the pool's extended resources must not say it twice.
        Assert.Null(spec["resources"]?["nvidia.com/gpu"]);
        foreach (var cpuOnly in new[] { "dcsv3-sgx.yaml", "dcesv5-tdx.yaml", "dcasv5-sev-snp.yaml" })
            Assert.Null(Load(cpuOnly)[0]["spec"]!["gpu"]);
    }

    [Theory, MemberData(nameof(Skus))]
    public void Until_the_crds_exist_the_examples_use_exactly_the_contract_fields(string file, string tee, string vmSize)
    {
        _ = (tee, vmSize);
        if (CrdTests.CrdFiles().Count > 0)
        {
            // The operator's CRDs are authoritative now: CrdTests validates the examples against them.
            CrdTests.AssertExamplesMatchCrds(file);
            return;
        }

        var docs = Load(file);
        Assert.Subset(TeeNodePoolFields, docs[0]["spec"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal));
        Assert.Subset(InferenceModelFields, docs[1]["spec"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal));
        Assert.Equal(["digest", "uri"], docs[1]["spec"]!["source"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["image", "resources"], docs[1]["spec"]!["executor"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        if (docs[0]["spec"]!["gpu"] is JsonObject gpu)
            Assert.Equal(["count", "model", "vendor"], gpu.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [GeneratedRegex("^0x[0-9a-f]{64}$")]
    private static partial Regex Bytes32();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Sha256();
}
