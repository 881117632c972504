using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Otr.Operator.Controllers;
using Otr.Operator.Entities;
using Otr.Operator.Scheduling;

namespace Otr.Operator.Tests;

/// <summary>End-to-end scenarios: the real operator over the real KubernetesClient against the in-test API server.</summary>
public sealed class ScenarioTests
{
    [Fact]
    public async Task PoolAndModel_ProduceExecutorWorkload_AndReadyStatusOnceReplicasAreReady()
    {
        await using var h = await Harness.StartAsync();
        h.StartOperator();
        await h.CreatePoolAsync(Pools.Sgx(maxExecutors: 4));
        await h.CreateModelAsync(Pools.Model("llama-q8", replicas: 2, tee: TeeTechnology.Sgx));

        await h.WaitForConditionAsync("llama-q8", ConditionTypes.Scheduled, "True", Reasons.Scheduled);
        var deployment = await h.GetDeploymentAsync("llama-q8");
        Assert.NotNull(deployment);
        Assert.Equal(2, deployment.Spec.Replicas);
        var pod = deployment.Spec.Template.Spec;
        Assert.Equal("sgxpool", pod.NodeSelector["kubernetes.azure.com/agentpool"]);
        var container = Assert.Single(pod.Containers);
        Assert.Equal("128Mi", container.Resources.Requests["sgx.intel.com/epc"].ToString());
        Assert.Equal("128Mi", container.Resources.Limits["sgx.intel.com/epc"].ToString());
        Assert.Contains(container.Env, e => e.Name == "Executor__Tee" && e.Value == "IntelSgx");
        Assert.Contains(container.Env, e => e.Name == "Executor__L1__RpcUrl" && e.ValueFrom.SecretKeyRef.Name == "otr-l1");
        Assert.Contains(container.Env, e => e.Name == "Executor__ModelPath" && e.Value == "/models/llama-q8.q8");
        var owner = Assert.Single(deployment.Metadata.OwnerReferences);
        Assert.Equal("InferenceModel", owner.Kind);
        Assert.True(owner.Controller);

        var pending = await h.GetModelAsync("llama-q8");
        Assert.Equal("False", pending.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Status);
        Assert.Equal(Reasons.ExecutorsNotReady, pending.Status.Conditions!.Single(c => c.Type == ConditionTypes.Available).Reason);

        h.Server.SetDeploymentReady(Harness.Namespace, "llama-q8-executor");
        var ready = await h.WaitForConditionAsync("llama-q8", ConditionTypes.Ready, "True", Reasons.Ready);
        Assert.Equal("sgx-dcsv3", ready.Status!.Pool);
        Assert.Equal(2, ready.Status.ReadyReplicas);
        Assert.Equal("http://llama-q8-executor.models.svc:8080", ready.Status.Endpoint);

        var service = await h.Client.CoreV1.ReadNamespacedServiceAsync("llama-q8-executor", Harness.Namespace);
        Assert.Equal(8080, service.Spec.Ports.Single().Port);
        var pdb = await h.Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("llama-q8-executor", Harness.Namespace);
        Assert.Equal("1", pdb.Spec.MaxUnavailable.Value);
        var routes = await h.Client.CoreV1.ReadNamespacedConfigMapAsync("otr-routes", Harness.OperatorNamespace);
        var doc = RoutesDocument.Parse(routes.Data[RoutesPublisher.RoutesKey]);
        Assert.Equal(["http://llama-q8-executor.models.svc:8080"], Assert.Single(doc.Models).Executors);
    }

    [Fact]
    public async Task ChangingReplicas_ScalesTheDeployment_AndDeletingTheModel_CollectsEverything()
    {
        await using var h = await Harness.StartAsync();
        h.Server.AutoReadyDeployments = true;
        h.StartOperator();
        await h.CreatePoolAsync(Pools.Tdx(maxExecutors: 8));
        await h.CreateModelAsync(Pools.Model("mistral", replicas: 2, tee: TeeTechnology.Tdx));
        await h.WaitForConditionAsync("mistral", ConditionTypes.Ready, "True");

        await h.PatchModelSpecAsync("mistral", new JsonObject { ["replicas"] = 5 });
        var scaled = await h.WaitForConditionAsync("mistral", ConditionTypes.Ready, "True");
        Assert.Equal(2, scaled.Metadata.Generation);
        Assert.Equal(5, (await h.GetDeploymentAsync("mistral"))!.Spec.Replicas);
        Assert.Equal(5, scaled.Status!.ReadyReplicas);
        await Harness.EventuallyAsync(async () => (await h.GetPoolAsync("tdx-dcesv5")).Status?.AllocatedExecutors == 5, "the pool counts 5 executors");

        await h.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(OtrApi.Group, OtrApi.Version, Harness.Namespace, OtrApi.InferenceModelPlural, "mistral");
        // A reconcile that was in flight may still write a child after the deletion; the garbage collector takes it.
        await Harness.EventuallyAsync(async () => await h.GetDeploymentAsync("mistral") is null, "the deployment is collected");
        await Harness.EventuallyAsync(async () => (await h.Client.CoreV1.ListNamespacedServiceAsync(Harness.Namespace)).Items.Count == 0, "the service is collected");
        await Harness.EventuallyAsync(async () => (await h.Client.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(Harness.Namespace)).Items.Count == 0, "the disruption budget is collected");
        await Harness.EventuallyAsync(async () =>
        {
            var cm = await h.Client.CoreV1.ReadNamespacedConfigMapAsync("otr-routes", Harness.OperatorNamespace);
            return RoutesDocument.Parse(cm.Data[RoutesPublisher.RoutesKey]).Models.Count == 0;
        }, "the routes forget the deleted model");
        await Harness.EventuallyAsync(async () => (await h.GetPoolAsync("tdx-dcesv5")).Status?.AllocatedExecutors == 0, "the pool frees the slots");
    }

    [Fact]
    public async Task InvalidSpecs_AreRejectedWith422NamingTheField()
    {
        await using var h = await Harness.StartAsync();
        var bad = Pools.Model("bad", tee: TeeTechnology.Sgx);
        bad.Spec.WeightsRoot = "0x1234";
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => h.CreateModelAsync(bad));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Contains("spec.weightsRoot", e.Response.Content, StringComparison.Ordinal);

        var both = Pools.Model("both", tee: TeeTechnology.Sgx);
        both.Spec.PoolRef = "sgx-dcsv3";
        e = await Assert.ThrowsAsync<HttpOperationException>(() => h.CreateModelAsync(both));
        Assert.Contains("exactly one of spec.poolRef and spec.tee", e.Response.Content, StringComparison.Ordinal);

        var tooMany = Pools.Model("many", replicas: 65, tee: TeeTechnology.Sgx);
        e = await Assert.ThrowsAsync<HttpOperationException>(() => h.CreateModelAsync(tooMany));
        Assert.Contains("spec.replicas", e.Response.Content, StringComparison.Ordinal);

        var debugPool = Pools.Sgx("debug");
        debugPool.Spec.Attestation.AllowDebug = true;
        e = await Assert.ThrowsAsync<HttpOperationException>(() => h.CreatePoolAsync(debugPool));
        Assert.Contains("spec.attestation.allowDebug must be false", e.Response.Content, StringComparison.Ordinal);

        await h.CreateModelAsync(Pools.Model("good", tee: TeeTechnology.Sgx));
        e = await Assert.ThrowsAsync<HttpOperationException>(() => h.PatchModelSpecAsync("good", new JsonObject { ["weightsRoot"] = "0x" + new string('c', 64) }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Contains("spec.weightsRoot is immutable", e.Response.Content, StringComparison.Ordinal);

        await h.CreatePoolAsync(Pools.Sgx());
        e = await Assert.ThrowsAsync<HttpOperationException>(() => h.Client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch("""{"spec":{"tee":"TDX"}}""", V1Patch.PatchType.MergePatch), OtrApi.Group, OtrApi.Version, OtrApi.TeeNodePoolPlural, "sgx-dcsv3"));
        Assert.Contains("spec.tee is immutable", e.Response.Content, StringComparison.Ordinal);

        // A mutable field changes fine and bumps the generation.
        await h.PatchModelSpecAsync("good", new JsonObject { ["replicas"] = 3 });
        Assert.Equal(2, (await h.GetModelAsync("good")).Metadata.Generation);
    }

    [Fact]
    public async Task NoCompatiblePool_AndNoCapacity_SurfaceAsConditionsAndEvents_ThenSchedule()
    {
        await using var h = await Harness.StartAsync();
        h.StartOperator();
        await h.CreatePoolAsync(Pools.Sgx(maxExecutors: 3));
        await h.CreateModelAsync(Pools.Model("gpu-model", replicas: 1, gpu: new GpuSpec { Vendor = GpuVendor.Nvidia, Model = GpuModel.H100, Count = 1 }));
        await h.CreateModelAsync(Pools.Model("big", replicas: 4, tee: TeeTechnology.Sgx));

        var gpu = await h.WaitForConditionAsync("gpu-model", ConditionTypes.Scheduled, "False", Reasons.NoCompatiblePool);
        Assert.Contains("sgx-dcsv3: has no GPU", gpu.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Scheduled).Message, StringComparison.Ordinal);
        Assert.Equal(Reasons.NoCompatiblePool, gpu.Status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Reason);
        var big = await h.WaitForConditionAsync("big", ConditionTypes.Scheduled, "False", Reasons.NoCapacity);
        Assert.Contains("3 of 3 executor slots free, the model needs 4", big.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Scheduled).Message, StringComparison.Ordinal);
        Assert.Null(await h.GetDeploymentAsync("big"));
        await Harness.EventuallyAsync(async () =>
        {
            var events = await h.EventsAsync();
            return events.Any(e => e.Reason == Reasons.NoCompatiblePool && e.InvolvedObject.Name == "gpu-model" && e.Type == "Warning") &&
                events.Any(e => e.Reason == Reasons.NoCapacity && e.InvolvedObject.Name == "big" && e.Type == "Warning");
        }, "warning events for both models");

        await h.CreatePoolAsync(Pools.H100());
        var scheduled = await h.WaitForConditionAsync("gpu-model", ConditionTypes.Scheduled, "True");
        Assert.Equal("h100-ncc", scheduled.Status!.Pool);
        var pod = (await h.GetDeploymentAsync("gpu-model"))!.Spec.Template.Spec;
        Assert.Equal("1", pod.Containers[0].Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("kata-cc", pod.RuntimeClassName);
        var terms = pod.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms.Single().MatchExpressions;
        Assert.Contains(terms, t => t.Key == "nvidia.com/cc.mode.state" && t.Values.SequenceEqual(["on"]));
        Assert.Contains(terms, t => t.Key == "kubernetes.azure.com/security-type" && t.Values.SequenceEqual(["ConfidentialVM"]));

        await h.PatchModelSpecAsync("big", new JsonObject { ["replicas"] = 3 });
        await h.WaitForConditionAsync("big", ConditionTypes.Scheduled, "True", Reasons.Scheduled);
        // The event is recorded after the status write that the wait above observes.
        await Harness.EventuallyAsync(
            async () => (await h.EventsAsync()).Any(e => e.Reason == Reasons.Scheduled && e.InvolvedObject.Name == "big"),
            "the Scheduled event for big");
    }

    [Fact]
    public async Task FailedReconcile_WritesStatus_ThenRecoversWithBackoff()
    {
        await using var h = await Harness.StartAsync();
        h.Server.InjectFault((method, path) => method == "POST" && path.EndsWith("/deployments", StringComparison.Ordinal), HttpStatusCode.InternalServerError, count: 2);
        var op = h.StartOperator();
        await h.CreatePoolAsync(Pools.SevSnp());
        await h.CreateModelAsync(Pools.Model("phi", replicas: 1, tee: TeeTechnology.SevSnp));

        await h.WaitForConditionAsync("phi", ConditionTypes.Ready, "False", Reasons.ReconcileFailed);
        h.Server.AutoReadyDeployments = true;
        var ready = await h.WaitForConditionAsync("phi", ConditionTypes.Ready, "True");
        Assert.True(op.Metrics.Errors("inferencemodel") >= 1);
        await Harness.EventuallyAsync(
            async () => (await h.EventsAsync()).Any(e => e.Reason == Reasons.ReconcileFailed && e.Type == "Warning"),
            "the ReconcileFailed warning event");
        Assert.Equal("snp-dcasv5", ready.Status!.Pool);
    }
}
