using System.Globalization;
using k8s.Models;

namespace Otr.Operator.Scheduling;

/// <summary>Pure computation of an InferenceModel's conditions from one reconcile's observation.</summary>
public static class ModelConditions
{
    /// <summary>The condition types in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Order =
        [ConditionTypes.Ready, ConditionTypes.ModelVerified, ConditionTypes.Scheduled, ConditionTypes.Available, ConditionTypes.Routed];

    /// <summary>
    /// Computes every condition. <c>lastTransitionTime</c> is kept from <paramref name="previous"/> when
    /// a condition's status did not change, and set to <paramref name="now"/> when it did.
    /// </summary>
    public static List<V1Condition> Compute(ModelObservation o, IReadOnlyList<V1Condition>? previous, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(o);
        var verified = o.SpecErrors.Count == 0
            ? (true, Reasons.SpecValid, "spec passed the operator's checks")
            : (false, Reasons.InvalidSpec, string.Join("; ", o.SpecErrors));

        var scheduled = o.Decision switch
        {
            null => (false, Reasons.NotVerified, "not scheduled: the spec is invalid"),
            { IsScheduled: true } d => (true, Reasons.Scheduled, d.Message),
            { Kind: PoolDecisionKind.NoCapacity } d => (false, Reasons.NoCapacity, d.Message),
            var d => (false, Reasons.NoCompatiblePool, d.Message),
        };

        (bool, string, string) available;
        if (!o.WorkloadExists)
            available = (false, Reasons.NoWorkload, "no executor workload exists");
        else if (o.DesiredReplicas == 0)
            available = (false, Reasons.ScaledToZero, "spec.replicas is 0");
        else if (o.ReadyReplicas >= o.DesiredReplicas)
            available = (true, Reasons.ExecutorsReady, Count(o.ReadyReplicas, o.DesiredReplicas));
        else
            available = (false, Reasons.ExecutorsNotReady, Count(o.ReadyReplicas, o.DesiredReplicas));

        var routed = !o.RoutesManaged
            ? (true, Reasons.RoutesNotManaged, "the operator publishes no routes; the sequencer is configured otherwise")
            : o.Routed
                ? (true, Reasons.RoutePublished, "the sequencer's routes list the executors")
                : (false, Reasons.RoutePending, "the sequencer's routes do not list the executors yet");

        var parts = new[] { verified, scheduled, available, routed };
        (bool, string, string) ready;
        if (o.Failure is not null)
            ready = (false, Reasons.ReconcileFailed, o.Failure);
        else if (parts.FirstOrDefault(p => !p.Item1) is { Item2: not null } failing)
            ready = (false, failing.Item2, failing.Item3);
        else
            ready = (true, Reasons.Ready, Count(o.ReadyReplicas, o.DesiredReplicas));

        var computed = new[] { ready, verified, scheduled, available, routed };
        var result = new List<V1Condition>(Order.Count);
        for (var i = 0; i < Order.Count; i++)
            result.Add(Make(Order[i], computed[i], o.Generation, previous, now));
        return result;
    }

    /// <summary>Makes one condition, keeping the previous transition time when its status is unchanged.</summary>
    public static V1Condition Make(string type, (bool Ok, string Reason, string Message) value, long generation, IReadOnlyList<V1Condition>? previous, DateTime now)
    {
        var status = value.Ok ? "True" : "False";
        var before = previous?.FirstOrDefault(c => c.Type == type);
        return new V1Condition
        {
            Type = type,
            Status = status,
            Reason = value.Reason,
            Message = value.Message,
            ObservedGeneration = generation,
            LastTransitionTime = before is not null && before.Status == status ? before.LastTransitionTime : now,
        };
    }

    /// <summary>True when two condition lists say the same (transition times aside).</summary>
    public static bool SameMeaning(IReadOnlyList<V1Condition>? a, IReadOnlyList<V1Condition>? b)
    {
        if (a is null || b is null)
            return a is null && b is null;
        return a.Count == b.Count && a.Zip(b).All(p =>
            p.First.Type == p.Second.Type && p.First.Status == p.Second.Status && p.First.Reason == p.Second.Reason &&
            p.First.Message == p.Second.Message && p.First.ObservedGeneration == p.Second.ObservedGeneration);
    }

    private static string Count(int ready, int desired) =>
        string.Create(CultureInfo.InvariantCulture, $"{ready}/{desired} executors ready");
}
