using Otr.Operator.Entities;
using Otr.Operator.Scheduling;

namespace Otr.Operator.Tests;

public sealed class WorkloadBuilderTests
{
    private static readonly OperatorOptions Options = Harness.Options("op");

    [Fact]
    public void Sgx_RequestsEpc_AndPinsToPoolLabels()
    {
        var w = ExecutorWorkloadBuilder.Build(Model("m"), Pools.Sgx(), Options);
        var pod = w.Deployment.Spec.Template.Spec;
        var c = pod.Containers.Single();
        Assert.Equal("128Mi", c.Resources.Requests["sgx.intel.com/epc"].ToString());
        Assert.Equal("128Mi", c.Resources.Limits["sgx.intel.com/epc"].ToString());
        Assert.Equal("2", c.Resources.Requests["cpu"].ToString());
        Assert.Equal("sgxpool", pod.NodeSelector["kubernetes.azure.com/agentpool"]);
        Assert.Null(pod.Affinity); // SGX needs no confidential-VM label: the EPC resource pins it
        Assert.Contains(c.Env, e => e.Name == "Executor__Tee" && e.Value == "IntelSgx");
    }

    [Fact]
    public void SgxPoolWithoutEpc_GetsTheDefaultEpc()
    {
        var pool = Pools.Sgx();
        pool.Spec.Resources = null;
        var c = ExecutorWorkloadBuilder.Build(Model("m"), pool, Options).Deployment.Spec.Template.Spec.Containers.Single();
        Assert.Equal(ExecutorWorkloadBuilder.DefaultSgxEpc, c.Resources.Limits["sgx.intel.com/epc"].ToString());
    }

    [Theory]
    [InlineData(TeeTechnology.Tdx, "IntelTdx", "Standard_DC4es_v5")]
    [InlineData(TeeTechnology.SevSnp, "AmdSevSnp", "Standard_DC4as_v5")]
    public void ConfidentialVms_RequireSecurityTypeAndInstanceType(TeeTechnology tee, string backend, string size)
    {
        var pool = tee == TeeTechnology.Tdx ? Pools.Tdx() : Pools.SevSnp();
        var pod = ExecutorWorkloadBuilder.Build(Model("m"), pool, Options).Deployment.Spec.Template.Spec;
        var terms = pod.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms.Single().MatchExpressions;
        Assert.Contains(terms, t => t.Key == "kubernetes.azure.com/security-type" && t.OperatorProperty == "In" && t.Values.Single() == "ConfidentialVM");
        Assert.Contains(terms, t => t.Key == "node.kubernetes.io/instance-type" && t.Values.Contains(size));
        Assert.Contains(pod.Containers.Single().Env, e => e.Name == "Executor__Tee" && e.Value == backend);
        Assert.DoesNotContain("sgx.intel.com/epc", pod.Containers.Single().Resources.Limits.Keys);
    }

    [Fact]
    public void H100_RequestsGpus_RequiresCcMode_TolerationsAndRuntimeClass()
    {
        var model = Model("m");
        model.Spec.Tee = new TeeRequirements { Gpu = new GpuSpec { Vendor = GpuVendor.Nvidia, Model = GpuModel.H100, Count = 1 } };
        var pool = Pools.H100();
        pool.Spec.Gpu!.Count = 2;
        var pod = ExecutorWorkloadBuilder.Build(model, pool, Options).Deployment.Spec.Template.Spec;
        Assert.Equal("1", pod.Containers.Single().Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("1", pod.Containers.Single().Resources.Requests["nvidia.com/gpu"].ToString());
        var terms = pod.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms.Single().MatchExpressions;
        Assert.Contains(terms, t => t.Key == "nvidia.com/cc.mode.state" && t.Values.Single() == "on");
        Assert.Equal("kata-cc", pod.RuntimeClassName);
        Assert.Contains(pod.Tolerations, t => t.Key == "nvidia.com/gpu" && t.OperatorProperty == "Exists" && t.Effect == "NoSchedule");
        var cpuModel = ExecutorWorkloadBuilder.Build(Model("c"), pool, Options).Deployment.Spec.Template.Spec;
        Assert.Equal("2", cpuModel.Containers.Single().Resources.Limits["nvidia.com/gpu"].ToString());
    }

    [Fact]
    public void Pod_CarriesTheLabelsTheChartsNetworkPoliciesAdmit()
    {
        var labels = ExecutorWorkloadBuilder.Build(Model("m"), Pools.Tdx(), Options).Deployment.Spec.Template.Metadata.Labels;

        // charts/otr values.yaml networkPolicy.executorPodLabels
        Assert.Equal("executor", labels["app.kubernetes.io/component"]);
        Assert.Equal("otr", labels["app.kubernetes.io/part-of"]);
    }

    [Fact]
    public void Pod_IsRestricted_SpreadAcrossNodes_AndProbed()
    {
        var w = ExecutorWorkloadBuilder.Build(Model("m"), Pools.Tdx(), Options);
        var pod = w.Deployment.Spec.Template.Spec;
        var c = pod.Containers.Single();
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(c.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(c.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], c.SecurityContext.Capabilities.Drop);
        Assert.False(pod.AutomountServiceAccountToken);
        var spread = pod.TopologySpreadConstraints.Single(t => t.TopologyKey == "kubernetes.io/hostname");
        Assert.Equal(1, spread.MaxSkew);
        Assert.Equal("DoNotSchedule", spread.WhenUnsatisfiable);
        Assert.Equal("/readyz", c.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/healthz", c.LivenessProbe.HttpGet.Path);
        Assert.Equal("0", w.Deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal(w.Deployment.Spec.Selector.MatchLabels, w.Service.Spec.Selector);
        Assert.Equal(w.Deployment.Spec.Selector.MatchLabels, w.DisruptionBudget.Spec.Selector.MatchLabels);
        Assert.All(new k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>[] { w.Deployment, w.Service, w.DisruptionBudget },
            o => Assert.Equal("uid-m", o.Metadata.OwnerReferences.Single().Uid));
    }

    [Fact]
    public void Environment_WiresChainBusSequencerAndSecrets()
    {
        var env = ExecutorWorkloadBuilder.Environment(Model("m"), Pools.Sgx(), Options).ToDictionary(e => e.Name);
        Assert.Equal("m", env["Executor__ModelName"].Value);
        Assert.Equal("/models/m.q8", env["Executor__ModelPath"].Value);
        Assert.Equal("0x" + new string('b', 64), env["Executor__ExpectedWeightsRoot"].Value);
        Assert.Equal("31337", env["Executor__ChainId"].Value);
        Assert.Equal(Options.Network.RollupAddress, env["Executor__RollupAddress"].Value);
        Assert.Equal(Options.Network.ModelRegistry, env["Executor__L1__ModelRegistry"].Value);
        Assert.Equal(Options.Network.ExecutorRegistry, env["Executor__L1__ExecutorRegistry"].Value);
        Assert.Equal(("otr-l1", "url"), (env["Executor__L1__RpcUrl"].ValueFrom.SecretKeyRef.Name, env["Executor__L1__RpcUrl"].ValueFrom.SecretKeyRef.Key));
        Assert.Equal(("m-operator-key", "key"), (env["Executor__L1__OperatorKey"].ValueFrom.SecretKeyRef.Name, env["Executor__L1__OperatorKey"].ValueFrom.SecretKeyRef.Key));
        Assert.Equal(Options.Network.KafkaBootstrap, env["Executor__Network__KafkaBootstrap"].Value);
        Assert.Equal(Options.Network.SequencerUrl, env["Executor__Network__SequencerUrl"].Value);
        Assert.Equal("metadata.name", env["POD_NAME"].ValueFrom.FieldRef.FieldPath);
        Assert.DoesNotContain(env.Values, e => e.Value?.Contains("PRIVATE", StringComparison.OrdinalIgnoreCase) == true);
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("Executor__Committee__", StringComparison.Ordinal));
    }

    [Fact]
    public void Environment_CommitteeUrls_BecomeTheExecutorsCommitteeList()
    {
        var options = Harness.Options("op");
        options.Network.CommitteeUrls.Add("http://otr-committee.otr.svc:8080");
        options.Network.CommitteeUrls.Add("https://member-2.example:8443");
        var env = ExecutorWorkloadBuilder.Environment(Model("m"), Pools.Sgx(), options).ToDictionary(e => e.Name);
        Assert.Equal("http://otr-committee.otr.svc:8080", env["Executor__Committee__Urls__0"].Value);
        Assert.Equal("https://member-2.example:8443", env["Executor__Committee__Urls__1"].Value);
    }

    [Theory]
    [InlineData("demo://7", "Executor__DemoSeed", "7")]
    [InlineData("file:///opt/models/x.q8", "Executor__ModelPath", "/opt/models/x.q8")]
    [InlineData("pvc://weights/a/b.q8", "Executor__ModelPath", "/models/a/b.q8")]
    public void ModelSource_BecomesPathOrSeed(string uri, string key, string value)
    {
        var model = Model("m");
        model.Spec.Source.Uri = uri;
        var w = ExecutorWorkloadBuilder.Build(model, Pools.Sgx(), Options);
        Assert.Contains(w.Deployment.Spec.Template.Spec.Containers.Single().Env, e => e.Name == key && e.Value == value);
        var pvc = w.Deployment.Spec.Template.Spec.Volumes.SingleOrDefault(v => v.Name == "model");
        Assert.Equal(uri.StartsWith("pvc://", StringComparison.Ordinal), pvc is not null);
        if (pvc is not null)
            Assert.Equal(("weights", true), (pvc.PersistentVolumeClaim.ClaimName, pvc.PersistentVolumeClaim.ReadOnlyProperty == true));
    }

    [Theory]
    [InlineData("s3://bucket/x")]
    [InlineData("pvc://only-claim")]
    [InlineData("demo://seven")]
    [InlineData("")]
    public void BadModelSource_IsNamed(string uri)
    {
        Assert.Null(ParsedModelSource.TryParse(uri, out var error));
        Assert.Contains("spec.source.uri", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_ChangesWithTheSpec_AndIsStable()
    {
        var a = ExecutorWorkloadBuilder.Build(Model("m"), Pools.Sgx(), Options).Deployment;
        var b = ExecutorWorkloadBuilder.Build(Model("m"), Pools.Sgx(), Options).Deployment;
        Assert.Equal(a.Metadata.Annotations[OtrApi.SpecHashAnnotation], b.Metadata.Annotations[OtrApi.SpecHashAnnotation]);
        var scaled = Model("m");
        scaled.Spec.Replicas = 5;
        var c = ExecutorWorkloadBuilder.Build(scaled, Pools.Sgx(), Options).Deployment;
        Assert.NotEqual(a.Metadata.Annotations[OtrApi.SpecHashAnnotation], c.Metadata.Annotations[OtrApi.SpecHashAnnotation]);
    }

    [Fact]
    public void ServiceUrl_RoundTrips()
    {
        var url = ExecutorWorkloadBuilder.ServiceUrl("llama-3", "ml");
        Assert.Equal("http://llama-3-executor.ml.svc:8080", url);
        Assert.True(ExecutorWorkloadBuilder.TryParseServiceUrl(url, out var name, out var ns));
        Assert.Equal(("llama-3", "ml"), (name, ns));
        Assert.False(ExecutorWorkloadBuilder.TryParseServiceUrl("http://other.ml.svc:8080", out _, out _));
    }

    private static InferenceModel Model(string name)
    {
        var m = Pools.Model(name, replicas: 2, tee: TeeTechnology.Sgx);
        m.Metadata.Uid = "uid-" + name;
        return m;
    }
}
