namespace Otr.Operator.Scheduling;

/// <summary>Condition types and reasons (stable: dashboards and alerts key on them). One owner per condition.</summary>
public static class ConditionTypes
{
    /// <summary>Summary: every other condition is True.</summary>
    public const string Ready = "Ready";

    /// <summary>The spec passed the operator's checks (owner: <see cref="ModelSpecChecker"/>).</summary>
    public const string ModelVerified = "ModelVerified";

    /// <summary>A pool was chosen (owner: <see cref="PoolMatcher"/>).</summary>
    public const string Scheduled = "Scheduled";

    /// <summary>Every wanted executor is ready (owner: the Deployment's status).</summary>
    public const string Available = "Available";

    /// <summary>The sequencer's routes list the model's executors (owner: the routes publisher).</summary>
    public const string Routed = "Routed";

    /// <summary>Pool condition: the pool has Ready nodes.</summary>
    public const string PoolReady = "Ready";
}

/// <summary>Condition reasons and event reasons.</summary>
public static class Reasons
{
    /// <summary>Spec is valid.</summary>
    public const string SpecValid = "SpecValid";

    /// <summary>Spec is invalid (message names the field).</summary>
    public const string InvalidSpec = "InvalidSpec";

    /// <summary>A pool was chosen.</summary>
    public const string Scheduled = "Scheduled";

    /// <summary>No pool offers the TEE/GPU/attestation the model needs.</summary>
    public const string NoCompatiblePool = "NoCompatiblePool";

    /// <summary>Compatible pools are full.</summary>
    public const string NoCapacity = "NoCapacity";

    /// <summary>Not scheduled because the spec is invalid.</summary>
    public const string NotVerified = "NotVerified";

    /// <summary>All wanted executors are ready.</summary>
    public const string ExecutorsReady = "ExecutorsReady";

    /// <summary>Some wanted executors are not ready yet.</summary>
    public const string ExecutorsNotReady = "ExecutorsNotReady";

    /// <summary>The model asks for zero executors.</summary>
    public const string ScaledToZero = "ScaledToZero";

    /// <summary>No workload exists (not scheduled).</summary>
    public const string NoWorkload = "NoWorkload";

    /// <summary>The routes ConfigMap lists the model.</summary>
    public const string RoutePublished = "RoutePublished";

    /// <summary>The routes ConfigMap does not list the model yet.</summary>
    public const string RoutePending = "RoutePending";

    /// <summary>The operator publishes no routes (no <c>Operator:RoutesConfigMap</c>).</summary>
    public const string RoutesNotManaged = "RoutesNotManaged";

    /// <summary>Everything is in place.</summary>
    public const string Ready = "Ready";

    /// <summary>A reconcile threw; the message says what failed. Retried with backoff.</summary>
    public const string ReconcileFailed = "ReconcileFailed";

    /// <summary>Event: the executor workload was created.</summary>
    public const string WorkloadCreated = "WorkloadCreated";

    /// <summary>Event: the executor workload was updated to the desired spec.</summary>
    public const string WorkloadUpdated = "WorkloadUpdated";

    /// <summary>Pool: at least one matching node is Ready.</summary>
    public const string NodesReady = "NodesReady";

    /// <summary>Pool: no matching node is Ready.</summary>
    public const string NoReadyNodes = "NoReadyNodes";
}
