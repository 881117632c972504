using k8s.Models;
using Otr.Operator.Entities;

namespace Otr.Operator.Tests;

/// <summary>Test DSL: pools and models as real clusters have them (AKS DCsv3 SGX, DCesv5 TDX, DCasv5 SEV-SNP, NCCadsH100v5).</summary>
public static class Pools
{
    public const string Measurement = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    public static TeeNodePool Sgx(string name = "sgx-dcsv3", int maxExecutors = 8) => Pool(name, TeeTechnology.Sgx, maxExecutors,
        new Dictionary<string, string> { ["kubernetes.azure.com/agentpool"] = "sgxpool" },
        resources: new Dictionary<string, string> { ["sgx.intel.com/epc"] = "128Mi" });

    public static TeeNodePool Tdx(string name = "tdx-dcesv5", int maxExecutors = 8) => Pool(name, TeeTechnology.Tdx, maxExecutors,
        new Dictionary<string, string> { ["kubernetes.azure.com/agentpool"] = "tdxpool" },
        affinity: [new NodeSelectorExpression { Key = "node.kubernetes.io/instance-type", Operator = NodeSelectorOperator.In, Values = ["Standard_DC4es_v5", "Standard_DC8es_v5"] }]);

    public static TeeNodePool SevSnp(string name = "snp-dcasv5", int maxExecutors = 8) => Pool(name, TeeTechnology.SevSnp, maxExecutors,
        new Dictionary<string, string> { ["kubernetes.azure.com/agentpool"] = "snppool" },
        affinity: [new NodeSelectorExpression { Key = "node.kubernetes.io/instance-type", Operator = NodeSelectorOperator.In, Values = ["Standard_DC4as_v5"] }]);

    public static TeeNodePool H100(string name = "h100-ncc", int maxExecutors = 4)
    {
        var pool = Pool(name, TeeTechnology.SevSnp, maxExecutors,
            new Dictionary<string, string> { ["kubernetes.azure.com/agentpool"] = "gpupool" },
            affinity: [new NodeSelectorExpression { Key = "node.kubernetes.io/instance-type", Operator = NodeSelectorOperator.In, Values = ["Standard_NCC40ads_H100_v5"] }]);
        pool.Spec.Gpu = new GpuSpec { Vendor = GpuVendor.Nvidia, Model = GpuModel.H100, Count = 1 };
        pool.Spec.Tolerations = [new PoolToleration { Key = "nvidia.com/gpu", Operator = TolerationOperator.Exists, Effect = TaintEffect.NoSchedule }];
        pool.Spec.RuntimeClassName = "kata-cc";
        return pool;
    }

    public static TeeNodePool Pool(string name, TeeTechnology tee, int maxExecutors, Dictionary<string, string>? selector = null,
        List<NodeSelectorExpression>? affinity = null, Dictionary<string, string>? resources = null) => new()
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new TeeNodePoolSpec
            {
                Tee = tee,
                NodeSelector = selector,
                NodeAffinity = affinity,
                Resources = resources,
                Attestation = new AttestationPolicy { AllowedMeasurements = [Measurement], MinimumTcb = "7", Freshness = "1h" },
                Capacity = new PoolCapacity { MaxExecutors = maxExecutors },
            },
        };

    public static InferenceModel Model(string name, int replicas = 2, TeeTechnology? tee = null, GpuSpec? gpu = null, string? poolRef = null, string ns = Harness.Namespace) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new InferenceModelSpec
        {
            Source = new ModelSource { Uri = "pvc://models/" + name + ".q8", Digest = "sha256:" + new string('a', 64) },
            WeightsRoot = "0x" + new string('b', 64),
            Profile = ExecutionProfile.Q8Exact,
            PoolRef = poolRef,
            Tee = poolRef is null ? new TeeRequirements { Technology = tee, Gpu = gpu } : null,
            Replicas = replicas,
            Executor = new ExecutorSpec { Resources = new ExecutorResources { Requests = new() { ["cpu"] = "2", ["memory"] = "8Gi" }, Limits = new() { ["memory"] = "8Gi" } } },
            Pricing = new Pricing { InputPerMillionTokensWei = "1000000000", OutputPerMillionTokensWei = "3000000000" },
            SpotCheckBasisPoints = 500,
            OperatorKeySecretRef = new SecretKeyRef { Name = name + "-operator-key", Key = "key" },
        },
    };
}
