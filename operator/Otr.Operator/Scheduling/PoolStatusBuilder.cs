using System.Globalization;
using k8s.Models;
using Otr.Operator.Entities;

namespace Otr.Operator.Scheduling;

/// <summary>Pure computation of a TeeNodePool's status from the cluster's nodes and the executors allocated to it.</summary>
public static class PoolStatusBuilder
{
    /// <summary>Whether <paramref name="labels"/> satisfy the pool's node selector and required affinity (the same rules as its executor pods).</summary>
    public static bool Matches(IDictionary<string, string>? labels, TeeNodePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        labels ??= new Dictionary<string, string>();
        foreach (var (k, v) in pool.Spec.NodeSelector ?? [])
        {
            if (!labels.TryGetValue(k, out var actual) || actual != v)
                return false;
        }

        foreach (var r in ExecutorWorkloadBuilder.NodeRequirements(pool))
        {
            var has = labels.TryGetValue(r.Key, out var value);
            var ok = r.OperatorProperty switch
            {
                "In" => has && r.Values!.Contains(value!),
                "NotIn" => !has || !r.Values!.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
                return false;
        }

        return true;
    }

    /// <summary>The pool's node selection as a label selector string (scale subresource <c>labelSelector</c>).</summary>
    public static string LabelSelector(TeeNodePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var parts = new List<string>();
        foreach (var (k, v) in (pool.Spec.NodeSelector ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            parts.Add($"{k}={v}");
        foreach (var r in ExecutorWorkloadBuilder.NodeRequirements(pool))
        {
            parts.Add(r.OperatorProperty switch
            {
                "In" => $"{r.Key} in ({string.Join(",", r.Values!)})",
                "NotIn" => $"{r.Key} notin ({string.Join(",", r.Values!)})",
                "Exists" => r.Key,
                _ => "!" + r.Key,
            });
        }

        return string.Join(",", parts);
    }

    /// <summary>Whether a node reports condition Ready=True and is schedulable.</summary>
    public static bool IsReady(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Spec?.Unschedulable != true &&
            node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
    }

    /// <summary>Computes the pool's status.</summary>
    public static TeeNodePoolStatus Build(TeeNodePool pool, IEnumerable<V1Node> nodes, int allocatedExecutors, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(nodes);
        var matching = nodes.Where(n => Matches(n.Metadata?.Labels, pool)).ToList();
        var ready = matching.Count(IsReady);
        var generation = pool.Metadata.Generation ?? 0;
        var condition = ModelConditions.Make(
            ConditionTypes.PoolReady,
            ready > 0
                ? (true, Reasons.NodesReady, string.Create(CultureInfo.InvariantCulture, $"{ready}/{matching.Count} nodes ready, {allocatedExecutors}/{pool.Spec.Capacity.MaxExecutors} executor slots used"))
                : (false, Reasons.NoReadyNodes, string.Create(CultureInfo.InvariantCulture, $"no ready node matches the pool ({matching.Count} matching)")),
            generation, pool.Status?.Conditions, now);
        return new TeeNodePoolStatus
        {
            Replicas = matching.Count,
            ReadyReplicas = ready,
            LabelSelector = LabelSelector(pool),
            AllocatedExecutors = allocatedExecutors,
            ObservedGeneration = generation,
            Conditions = [condition],
        };
    }

    /// <summary>True when two pool statuses say the same (transition times aside).</summary>
    public static bool SameMeaning(TeeNodePoolStatus? a, TeeNodePoolStatus? b) =>
        a is not null && b is not null && a.Replicas == b.Replicas && a.ReadyReplicas == b.ReadyReplicas &&
        a.LabelSelector == b.LabelSelector && a.AllocatedExecutors == b.AllocatedExecutors &&
        a.ObservedGeneration == b.ObservedGeneration && ModelConditions.SameMeaning(a.Conditions, b.Conditions);
}
