using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Otr.Operator.Entities;
using Otr.Operator.Scheduling;

namespace Otr.Operator.Tests;

/// <summary>Restarts, leader changes, watch reconnects and reconcile storms.</summary>
public sealed class LeadershipTests
{
    [Fact]
    public async Task KillingTheLeaderMidReconcile_TheOtherInstanceTakesOver_AndConvergesToTheSameState()
    {
        await using var h = await Harness.StartAsync();
        h.Server.AutoReadyDeployments = true;
        var a = h.StartOperator("operator-a");
        await Harness.EventuallyAsync(() => Task.FromResult(a.Controller.IsLeader), "operator-a leads");
        var b = h.StartOperator("operator-b");
        await Harness.EventuallyAsync(() => Task.FromResult(b.Controller.Synced), "operator-b synced");
        Assert.False(b.Controller.IsLeader);

        await h.CreatePoolAsync(Pools.Sgx(maxExecutors: 40));
        for (var i = 0; i < 12; i++)
            await h.CreateModelAsync(Pools.Model($"m{i}", replicas: 3, tee: TeeTechnology.Sgx));

        // Kill the leader while it is reconciling: as soon as the first workload exists.
        await Harness.EventuallyAsync(async () => (await h.Client.AppsV1.ListNamespacedDeploymentAsync(Harness.Namespace)).Items.Count > 0, "the leader started creating workloads");
        await a.KillAsync();
        Assert.False(b.Controller.IsLeader);

        await Harness.EventuallyAsync(() => Task.FromResult(b.Controller.IsLeader), "operator-b takes the Lease", TimeSpan.FromSeconds(20));
        for (var i = 0; i < 12; i++)
            await h.WaitForConditionAsync($"m{i}", ConditionTypes.Ready, "True");
        var lease = await h.Client.CoordinationV1.ReadNamespacedLeaseAsync("otr-operator", Harness.OperatorNamespace);
        Assert.Equal("operator-b", lease.Spec.HolderIdentity);
        var deployments = (await h.Client.AppsV1.ListNamespacedDeploymentAsync(Harness.Namespace)).Items;
        Assert.Equal(12, deployments.Count);
        Assert.All(deployments, d => Assert.Equal(3, d.Spec.Replicas));
        await Harness.EventuallyAsync(async () => (await h.GetPoolAsync("sgx-dcsv3")).Status?.AllocatedExecutors == 36, "the pool counts every executor once");
        var routes = await h.Client.CoreV1.ReadNamespacedConfigMapAsync("otr-routes", Harness.OperatorNamespace);
        Assert.Equal(12, Controllers.RoutesDocument.Parse(routes.Data["routes.json"]).Models.Count);
    }

    [Fact]
    public async Task RestartedOperator_ConvergesWithoutRewritingAnything()
    {
        await using var h = await Harness.StartAsync();
        h.Server.AutoReadyDeployments = true;
        var first = h.StartOperator("operator-0");
        await h.CreatePoolAsync(Pools.Tdx());
        await h.CreateModelAsync(Pools.Model("a", replicas: 2, tee: TeeTechnology.Tdx));
        await h.CreateModelAsync(Pools.Model("b", replicas: 2, tee: TeeTechnology.Tdx));
        await h.WaitForConditionAsync("a", ConditionTypes.Ready, "True");
        await h.WaitForConditionAsync("b", ConditionTypes.Ready, "True");
        await first.KillAsync();
        var revision = h.Server.Store.Revision;

        // Same identity, like a restarted pod: it takes its Lease back and finds nothing to change.
        var second = h.StartOperator("operator-0");
        await Harness.EventuallyAsync(() => Task.FromResult(second.Controller.IsLeader), "the restarted operator leads", TimeSpan.FromSeconds(20));
        await Harness.EventuallyAsync(() => Task.FromResult(second.Metrics.Reconciles("inferencemodel") >= 2 && second.Controller.Queue.Count == 0), "the restarted operator reconciled both models");
        await Task.Delay(300);
        Assert.True(second.Metrics.Writes("deployment/create") + second.Metrics.Writes("deployment/update") == 0, second.Metrics.ToPrometheusText());
        Assert.Equal(0, second.Metrics.Writes("inferencemodel/status"));
        var leaseWrites = h.Server.Store.Revision - revision;
        Assert.True(leaseWrites > 0, "the Lease is renewed");
    }

    [Fact]
    public async Task StatusOnlyUpdates_DoNotTriggerReconciles_SpecChangesDo()
    {
        await using var h = await Harness.StartAsync();
        h.Server.AutoReadyDeployments = true;
        var op = h.StartOperator();
        await h.CreatePoolAsync(Pools.Sgx());
        await h.CreateModelAsync(Pools.Model("quiet", replicas: 1, tee: TeeTechnology.Sgx));
        await h.WaitForConditionAsync("quiet", ConditionTypes.Ready, "True");
        await Task.Delay(500);
        var before = op.Metrics.Reconciles("inferencemodel");
        var statusWrites = op.Metrics.Writes("inferencemodel/status");

        // Someone else (or the operator itself) writes only the status, twenty times.
        for (var i = 0; i < 20; i++)
        {
            await h.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new V1Patch(new JsonObject { ["status"] = new JsonObject { ["replicas"] = 1 } }.ToJsonString(), V1Patch.PatchType.MergePatch),
                OtrApi.Group, OtrApi.Version, Harness.Namespace, OtrApi.InferenceModelPlural, "quiet");
        }

        await Task.Delay(800);
        Assert.Equal(before, op.Metrics.Reconciles("inferencemodel"));
        Assert.Equal(statusWrites, op.Metrics.Writes("inferencemodel/status"));
        Assert.Equal(1, (await h.GetModelAsync("quiet")).Metadata.Generation);

        await h.PatchModelSpecAsync("quiet", new JsonObject { ["replicas"] = 2 });
        await h.WaitForConditionAsync("quiet", ConditionTypes.Ready, "True");
        Assert.True(op.Metrics.Reconciles("inferencemodel") > before);
    }

    [Fact]
    public async Task ClosedWatches_ResumeFromTheLastVersion_AndCompactedHistory_Relists()
    {
        await using var h = await Harness.StartAsync();
        h.Server.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        var op = h.StartOperator();
        await h.CreatePoolAsync(Pools.Sgx());
        await Harness.EventuallyAsync(() => Task.FromResult(op.Controller.Pools.List().Count == 1), "the pool is cached");
        var relists = op.Metrics.Relists("inferencemodels");

        // Bookmarks move the informer's resourceVersion without any change to its objects.
        await h.AddNodeAsync("other-node", new Dictionary<string, string> { ["pool"] = "x" });
        var revision = h.Server.Store.Revision;
        await Harness.EventuallyAsync(() => Task.FromResult(long.Parse(op.Controller.Models.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture) >= revision), "a bookmark advanced the model informer");

        // The server closes every watch: informers resume from their resourceVersion without relisting.
        Assert.True(h.Server.Store.CloseWatches() >= 1);
        await h.CreateModelAsync(Pools.Model("after-close", replicas: 1, tee: TeeTechnology.Sgx));
        await h.WaitForConditionAsync("after-close", ConditionTypes.Scheduled, "True");
        Assert.Equal(relists, op.Metrics.Relists("inferencemodels"));

        // History compacted, watches closed: resuming gets 410 Gone, so the informers relist and still see changes made meanwhile.
        // No more bookmarks; a change the model informer does not watch leaves its resourceVersion behind the compaction.
        h.Server.BookmarkInterval = TimeSpan.FromMinutes(5);
        await Task.Delay(300);
        await h.AddNodeAsync("later-node", new Dictionary<string, string> { ["pool"] = "y" });
        h.Server.Store.Compact();
        h.Server.Store.CloseWatches();
        await h.CreateModelAsync(Pools.Model("after-compact", replicas: 1, tee: TeeTechnology.Sgx));
        await h.WaitForConditionAsync("after-compact", ConditionTypes.Scheduled, "True");
        Assert.True(op.Metrics.Relists("inferencemodels") > relists);
    }
}
