using k8s.Models;

namespace Otr.Operator.Entities;

/// <summary>Observed state of a pool: its nodes and how much of it executors use.</summary>
public sealed class TeeNodePoolStatus
{
    /// <summary>Nodes matching the pool's selector and affinity.</summary>
    public int Replicas { get; set; }

    /// <summary>Of those, nodes that are Ready.</summary>
    public int ReadyReplicas { get; set; }

    /// <summary>The node label selector in string form (scale subresource).</summary>
    public string? LabelSelector { get; set; }

    /// <summary>Executor pods that models scheduled onto this pool ask for.</summary>
    public int AllocatedExecutors { get; set; }

    /// <summary>The generation this status describes.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>Conditions (<c>Ready</c>).</summary>
    public List<V1Condition>? Conditions { get; set; }
}
