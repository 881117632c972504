using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Otr.Operator.Entities;
using Otr.Operator.Scheduling;

namespace Otr.Operator.Controllers;

/// <summary>Writes a TeeNodePool's status (nodes, ready nodes, selector, allocated executors) when it changed.</summary>
internal sealed class PoolReconciler(IKubernetes client, OperatorController owner, TimeProvider time)
{
    public async Task ReconcileAsync(string name, CancellationToken ct)
    {
        var pool = owner.Pools.Get(name);
        if (pool is null || pool.Metadata.DeletionTimestamp is not null)
            return;
        var status = PoolStatusBuilder.Build(pool, owner.Nodes.List(), owner.Ledger.Allocated(name), time.GetUtcNow().UtcDateTime);
        if (PoolStatusBuilder.SameMeaning(pool.Status, status))
            return;
        var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
        await client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            OtrApi.Group, OtrApi.Version, OtrApi.TeeNodePoolPlural, name, cancellationToken: ct).ConfigureAwait(false);
        owner.Metrics.Wrote("teenodepool/status");
    }
}
