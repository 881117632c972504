using System.Text.Json.Nodes;
using k8s;
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
}
