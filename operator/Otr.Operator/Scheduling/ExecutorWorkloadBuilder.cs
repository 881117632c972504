using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using Otr.Operator.Entities;

namespace Otr.Operator.Scheduling;

/// <summary>
/// Pure construction of the desired executor objects from (model, pool, operator options). A
/// Deployment, not a StatefulSet: an executor keeps no state between starts (its enclave key is new at
/// every start and the model is read-only), needs no stable identity or volume per replica, and
/// rolling updates with surge keep the model served while new keys register.
/// </summary>
public static class ExecutorWorkloadBuilder
{
    /// <summary>Executor HTTP port (health, identity, attestation, execution).</summary>
    public const int ExecutorPort = 8080;

    /// <summary>Label set on AKS confidential VM nodes (TDX DCesv5, SEV-SNP DCasv5/ECasv5/NCCadsH100v5).</summary>
    public const string SecurityTypeLabel = "kubernetes.azure.com/security-type";

    /// <summary>Value of <see cref="SecurityTypeLabel"/> on confidential VMs.</summary>
    public const string ConfidentialVm = "ConfidentialVM";

    /// <summary>SGX enclave page cache extended resource (AKS confidential computing add-on, Intel device plugin).</summary>
    public const string SgxEpcResource = "sgx.intel.com/epc";

    /// <summary>Default EPC each SGX executor asks for when the pool names none.</summary>
    public const string DefaultSgxEpc = "64Mi";

    /// <summary>NVIDIA GPU extended resource.</summary>
    public const string GpuResource = "nvidia.com/gpu";

    /// <summary>NVIDIA GPU operator label reporting the confidential-computing mode of a node's GPUs.</summary>
    public const string GpuCcModeLabel = "nvidia.com/cc.mode.state";

    /// <summary>The name shared by a model's Deployment, Service and PodDisruptionBudget.</summary>
    public static string WorkloadName(string modelName) => modelName + "-executor";

    /// <summary>The executor base URL the sequencer routes to.</summary>
    public static string ServiceUrl(string modelName, string ns) =>
        string.Create(CultureInfo.InvariantCulture, $"http://{WorkloadName(modelName)}.{ns}.svc:{ExecutorPort}");

    /// <summary>Reads (model name, namespace) back from a <see cref="ServiceUrl"/>.</summary>
    public static bool TryParseServiceUrl(string url, out string modelName, out string ns)
    {
        modelName = ns = "";
        var suffix = string.Create(CultureInfo.InvariantCulture, $".svc:{ExecutorPort}");
        if (url is null || !url.StartsWith("http://", StringComparison.Ordinal) || !url.EndsWith(suffix, StringComparison.Ordinal))
            return false;
        var host = url["http://".Length..^suffix.Length];
        var dot = host.LastIndexOf('.');
        if (dot <= 0 || !host[..dot].EndsWith("-executor", StringComparison.Ordinal))
            return false;
        modelName = host[..dot][..^"-executor".Length];
        ns = host[(dot + 1)..];
        return modelName.Length > 0 && ns.Length > 0;
    }

    /// <summary>Labels selecting a model's executor pods (stable: a pool change keeps the selector).</summary>
    public static Dictionary<string, string> SelectorLabels(string modelName) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/name"] = "otr-executor",
        ["app.kubernetes.io/instance"] = modelName,
        [OtrApi.ModelLabel] = modelName,
    };

    /// <summary>Builds the desired workload; each object carries an owner reference to the model and a spec-hash annotation.</summary>
    public static ExecutorWorkload Build(InferenceModel model, TeeNodePool pool, OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(options);
        var name = model.Metadata.Name;
        var ns = model.Metadata.NamespaceProperty;
        var workloadName = WorkloadName(name);
        var selector = SelectorLabels(name);
        var labels = new Dictionary<string, string>(selector, StringComparer.Ordinal)
        {
            // The chart's NetworkPolicies admit sequencer → executor traffic by these two labels.
            ["app.kubernetes.io/component"] = "executor",
            ["app.kubernetes.io/part-of"] = "otr",
            ["app.kubernetes.io/managed-by"] = OtrApi.ManagedBy,
            [OtrApi.PoolLabel] = pool.Metadata.Name,
        };
        var owner = new V1OwnerReference
        {
            ApiVersion = OtrApi.ApiVersion,
            Kind = OtrApi.InferenceModelKind,
            Name = name,
            Uid = model.Metadata.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };

        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Meta(workloadName, ns, labels, owner),
            Spec = new V1DeploymentSpec
            {
                Replicas = model.Spec.Replicas,
                RevisionHistoryLimit = 3,
                Selector = new V1LabelSelector { MatchLabels = selector },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "1", MaxUnavailable = "0" },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
                    Spec = PodSpec(model, pool, options, selector),
                },
            },
        };
        var service = new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Meta(workloadName, ns, labels, owner),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = selector,
                Ports = [new V1ServicePort { Name = "http", Port = ExecutorPort, TargetPort = "http", Protocol = "TCP" }],
            },
        };
        var pdb = new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = Meta(workloadName, ns, labels, owner),
            Spec = new V1PodDisruptionBudgetSpec
            {
                MaxUnavailable = "1",
                Selector = new V1LabelSelector { MatchLabels = selector },
            },
        };
        deployment.Metadata.Annotations = new Dictionary<string, string> { [OtrApi.SpecHashAnnotation] = Hash(deployment.Spec) };
        service.Metadata.Annotations = new Dictionary<string, string> { [OtrApi.SpecHashAnnotation] = Hash(service.Spec) };
        pdb.Metadata.Annotations = new Dictionary<string, string> { [OtrApi.SpecHashAnnotation] = Hash(pdb.Spec) };
        return new ExecutorWorkload(deployment, service, pdb);
    }

    /// <summary>Stable hash of an object's JSON (the spec-hash annotation).</summary>
    public static string Hash(object spec) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(spec))))[..16];

    /// <summary>The node-affinity expressions executor pods of <paramref name="pool"/> require.</summary>
    public static List<V1NodeSelectorRequirement> NodeRequirements(TeeNodePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var requirements = new List<V1NodeSelectorRequirement>();
        foreach (var e in pool.Spec.NodeAffinity ?? [])
        {
            requirements.Add(new V1NodeSelectorRequirement
            {
                Key = e.Key,
                OperatorProperty = e.Operator.ToString(),
                Values = e.Operator is NodeSelectorOperator.In or NodeSelectorOperator.NotIn ? [.. e.Values ?? []] : null,
            });
        }

        if (pool.Spec.Tee is TeeTechnology.Tdx or TeeTechnology.SevSnp && !requirements.Any(r => r.Key == SecurityTypeLabel) &&
            pool.Spec.NodeSelector?.ContainsKey(SecurityTypeLabel) != true)
        {
            requirements.Add(new V1NodeSelectorRequirement { Key = SecurityTypeLabel, OperatorProperty = "In", Values = [ConfidentialVm] });
        }

        if (pool.Spec.Gpu is not null && !requirements.Any(r => r.Key == GpuCcModeLabel) && pool.Spec.NodeSelector?.ContainsKey(GpuCcModeLabel) != true)
            requirements.Add(new V1NodeSelectorRequirement { Key = GpuCcModeLabel, OperatorProperty = "In", Values = ["on"] });
        return requirements;
    }

    /// <summary>Extended resources (EPC, GPUs, pool resources) each executor pod requests and is limited to.</summary>
    public static SortedDictionary<string, string> TeeResources(InferenceModelSpec model, TeeNodePool pool)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pool);
        var resources = new SortedDictionary<string, string>(pool.Spec.Resources ?? [], StringComparer.Ordinal);
        if (pool.Spec.Tee == TeeTechnology.Sgx)
            resources.TryAdd(SgxEpcResource, DefaultSgxEpc);
        if (pool.Spec.Gpu is { } poolGpu)
        {
            var count = model.Tee?.Gpu?.Count ?? poolGpu.Count;
            resources[GpuResource] = count.ToString(CultureInfo.InvariantCulture);
        }

        return resources;
    }

    /// <summary>The executor's <c>Executor:Tee</c> backend name for a pool.</summary>
    public static string TeeBackend(TeeNodePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.Spec.Tee switch
        {
            TeeTechnology.Sgx => "IntelSgx",
            TeeTechnology.Tdx => "IntelTdx",
            _ => "AmdSevSnp",
        };
    }

    /// <summary>Environment of the executor container (ASP.NET Core keys of section <c>Executor</c>).</summary>
    public static List<V1EnvVar> Environment(InferenceModel model, TeeNodePool pool, OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(options);
        var spec = model.Spec;
        var network = options.Network;
        var source = ParsedModelSource.TryParse(spec.Source.Uri, out var error)
            ?? throw new ArgumentException(error, nameof(model));
        var env = new List<V1EnvVar>
        {
            Field("POD_NAME", "metadata.name"),
            Field("POD_NAMESPACE", "metadata.namespace"),
            Value("Executor__ModelName", model.Metadata.Name),
        };
        env.Add(source.Kind == ModelSourceKind.Demo
            ? Value("Executor__DemoSeed", source.Seed!.Value.ToString(CultureInfo.InvariantCulture))
            : Value("Executor__ModelPath", source.Path!));
        env.Add(Value("Executor__ExpectedWeightsRoot", spec.WeightsRoot));
        env.Add(Value("Executor__ChainId", network.ChainId.ToString(CultureInfo.InvariantCulture)));
        AddIfSet(env, "Executor__RollupAddress", network.RollupAddress);
        env.Add(Value("Executor__Tee", TeeBackend(pool)));
        if (!string.IsNullOrWhiteSpace(network.L1RpcSecretName))
            env.Add(Secret("Executor__L1__RpcUrl", network.L1RpcSecretName, network.L1RpcSecretKey));
        AddIfSet(env, "Executor__L1__ModelRegistry", network.ModelRegistry);
        AddIfSet(env, "Executor__L1__ExecutorRegistry", network.ExecutorRegistry);
        env.Add(Secret("Executor__L1__OperatorKey", spec.OperatorKeySecretRef.Name, spec.OperatorKeySecretRef.Key));
        AddIfSet(env, "Executor__Network__KafkaBootstrap", network.KafkaBootstrap);
        AddIfSet(env, "Executor__Network__SequencerUrl", network.SequencerUrl);
        if (spec.SpotCheckBasisPoints is { } bps)
            env.Add(Value("Executor__Network__SpotCheckBasisPoints", bps.ToString(CultureInfo.InvariantCulture)));
        env.Add(Value("Executor__Network__Pool", pool.Metadata.Name));
        for (var i = 0; i < network.CommitteeUrls.Count; i++)
        {
            env.Add(Value($"Executor__Committee__Urls__{i}", network.CommitteeUrls[i]));
        }

        return env;
    }

    private static V1PodSpec PodSpec(InferenceModel model, TeeNodePool pool, OperatorOptions options, Dictionary<string, string> selector)
    {
        var spec = model.Spec;
        var source = ParsedModelSource.TryParse(spec.Source.Uri, out var error) ?? throw new ArgumentException(error, nameof(model));
        var teeResources = TeeResources(spec, pool);
        var requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        var limits = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var (k, v) in spec.Executor?.Resources?.Requests ?? [])
            requests[k] = new ResourceQuantity(v);
        foreach (var (k, v) in spec.Executor?.Resources?.Limits ?? [])
            limits[k] = new ResourceQuantity(v);
        foreach (var (k, v) in teeResources)
        {
            // Extended resources cannot be overcommitted: request == limit.
            requests[k] = new ResourceQuantity(v);
            limits[k] = new ResourceQuantity(v);
        }

        var volumes = new List<V1Volume> { new() { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() } };
        var mounts = new List<V1VolumeMount> { new() { Name = "tmp", MountPath = "/tmp" } };
        if (source.Kind == ModelSourceKind.Pvc)
        {
            volumes.Add(new V1Volume { Name = "model", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = source.Claim, ReadOnlyProperty = true } });
            mounts.Add(new V1VolumeMount { Name = "model", MountPath = ParsedModelSource.PvcMountPath, ReadOnlyProperty = true });
        }

        var requirements = NodeRequirements(pool);
        return new V1PodSpec
        {
            AutomountServiceAccountToken = false,
            EnableServiceLinks = false,
            RuntimeClassName = pool.Spec.RuntimeClassName,
            NodeSelector = pool.Spec.NodeSelector is { Count: > 0 } ns ? new SortedDictionary<string, string>(ns, StringComparer.Ordinal).ToDictionary() : null,
            Affinity = requirements.Count == 0 ? null : new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = requirements }] },
                },
            },
            Tolerations = pool.Spec.Tolerations is { Count: > 0 } tolerations
                ? [.. tolerations.Select(t => new V1Toleration { Key = t.Key, OperatorProperty = t.Operator?.ToString(), Value = t.Value, Effect = t.Effect?.ToString() })]
                : null,
            TopologySpreadConstraints =
            [
                new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "kubernetes.io/hostname", WhenUnsatisfiable = "DoNotSchedule", LabelSelector = new V1LabelSelector { MatchLabels = selector } },
                new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "topology.kubernetes.io/zone", WhenUnsatisfiable = "ScheduleAnyway", LabelSelector = new V1LabelSelector { MatchLabels = selector } },
            ],
            SecurityContext = new V1PodSecurityContext
            {
                RunAsNonRoot = true,
                RunAsUser = 10001,
                RunAsGroup = 10001,
                FsGroup = 10001,
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
            Volumes = volumes,
            Containers =
            [
                new V1Container
                {
                    Name = "executor",
                    Image = string.IsNullOrWhiteSpace(spec.Executor?.Image) ? options.ExecutorImage : spec.Executor.Image,
                    Ports = [new V1ContainerPort { Name = "http", ContainerPort = ExecutorPort, Protocol = "TCP" }],
                    Env = Environment(model, pool, options),
                    Resources = new V1ResourceRequirements
                    {
                        Requests = requests.Count == 0 ? null : requests.ToDictionary(),
                        Limits = limits.Count == 0 ? null : limits.ToDictionary(),
                    },
                    StartupProbe = Probe("/healthz", failureThreshold: 60),
                    LivenessProbe = Probe("/healthz", failureThreshold: 3),
                    ReadinessProbe = Probe("/readyz", failureThreshold: 3),
                    VolumeMounts = mounts,
                    SecurityContext = new V1SecurityContext
                    {
                        AllowPrivilegeEscalation = false,
                        ReadOnlyRootFilesystem = true,
                        RunAsNonRoot = true,
                        Capabilities = new V1Capabilities { Drop = ["ALL"] },
                        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                    },
                },
            ],
        };
    }

    private static V1Probe Probe(string path, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = "http" },
        PeriodSeconds = 5,
        TimeoutSeconds = 2,
        FailureThreshold = failureThreshold,
    };

    private static V1ObjectMeta Meta(string name, string ns, Dictionary<string, string> labels, V1OwnerReference owner) => new()
    {
        Name = name,
        NamespaceProperty = ns,
        Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
        OwnerReferences = [owner],
    };

    private static V1EnvVar Value(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar Field(string name, string path) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };

    private static V1EnvVar Secret(string name, string secret, string key) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } } };

    private static void AddIfSet(List<V1EnvVar> env, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
            env.Add(Value(name, value));
    }
}
