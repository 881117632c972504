using k8s.Models;

namespace Otr.Operator.Entities;

/// <summary>Observed state of a model, written after every reconcile (also on failure).</summary>
public sealed class InferenceModelStatus
{
    /// <summary>The generation this status describes.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>The pool the executors are scheduled on; absent while unscheduled.</summary>
    public string? Pool { get; set; }

    /// <summary>Executor pods the workload has.</summary>
    public int Replicas { get; set; }

    /// <summary>Executor pods that are ready.</summary>
    public int ReadyReplicas { get; set; }

    /// <summary>Executor base URL the sequencer routes to (the Service), once scheduled.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Conditions: <c>Ready</c>, <c>ModelVerified</c>, <c>Scheduled</c>, <c>Available</c>, <c>Routed</c>.</summary>
    public List<V1Condition>? Conditions { get; set; }
}
