using k8s.Models;
using Otr.Operator.Entities;
using Otr.Operator.Scheduling;

namespace Otr.Operator.Tests;

public sealed class ConditionsTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T1 = T0.AddMinutes(5);
    private static readonly PoolDecision OnPool = new(PoolDecisionKind.Scheduled, "p", "2 executor(s) on TeeNodePool 'p'");

    private static ModelObservation Healthy() => new(3, [], OnPool, 2, WorkloadExists: true, ReadyReplicas: 2, RoutesManaged: true, Routed: true, Failure: null);

    private static V1Condition Get(List<V1Condition> c, string type) => c.Single(x => x.Type == type);

    [Fact]
    public void AllGood_IsReady_WithObservedGeneration()
    {
        var c = ModelConditions.Compute(Healthy(), null, T0);
        Assert.Equal(ModelConditions.Order, c.Select(x => x.Type));
        Assert.All(c, x => Assert.Equal(("True", 3L), (x.Status, x.ObservedGeneration!.Value)));
        Assert.Equal(Reasons.Ready, Get(c, ConditionTypes.Ready).Reason);
    }

    public static TheoryData<string, string, string> Failures => new()
    {
        { "spec", ConditionTypes.ModelVerified, Reasons.InvalidSpec },
        { "nopool", ConditionTypes.Scheduled, Reasons.NoCompatiblePool },
        { "nocapacity", ConditionTypes.Scheduled, Reasons.NoCapacity },
        { "noworkload", ConditionTypes.Available, Reasons.NoWorkload },
        { "notready", ConditionTypes.Available, Reasons.ExecutorsNotReady },
        { "zero", ConditionTypes.Available, Reasons.ScaledToZero },
        { "unrouted", ConditionTypes.Routed, Reasons.RoutePending },
        { "failure", ConditionTypes.Ready, Reasons.ReconcileFailed },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void EachFailure_IsOwnedByOneCondition_AndExplainsReady(string what, string type, string reason)
    {
        var o = what switch
        {
            "spec" => Healthy() with { SpecErrors = ["spec.weightsRoot is bad"], Decision = null },
            "nopool" => Healthy() with { Decision = new(PoolDecisionKind.NoCompatiblePool, null, "none"), WorkloadExists = false },
            "nocapacity" => Healthy() with { Decision = new(PoolDecisionKind.NoCapacity, null, "full"), WorkloadExists = false },
            "noworkload" => Healthy() with { WorkloadExists = false },
            "notready" => Healthy() with { ReadyReplicas = 1 },
            "zero" => Healthy() with { DesiredReplicas = 0, ReadyReplicas = 0 },
            "unrouted" => Healthy() with { Routed = false },
            _ => Healthy() with { Failure = "boom" },
        };
        var c = ModelConditions.Compute(o, null, T0);
        Assert.Equal(("False", reason), (Get(c, type).Status, Get(c, type).Reason));
        Assert.Equal(("False", reason), (Get(c, ConditionTypes.Ready).Status, Get(c, ConditionTypes.Ready).Reason));
        var falseOnes = c.Where(x => x.Type != ConditionTypes.Ready && x.Status == "False").Select(x => x.Type).ToList();
        if (what is not ("spec" or "nopool" or "nocapacity" or "failure"))
            Assert.Equal([type], falseOnes);
    }

    [Fact]
    public void RoutesNotManaged_DoesNotBlockReady()
    {
        var c = ModelConditions.Compute(Healthy() with { RoutesManaged = false, Routed = false }, null, T0);
        Assert.Equal(("True", Reasons.RoutesNotManaged), (Get(c, ConditionTypes.Routed).Status, Get(c, ConditionTypes.Routed).Reason));
        Assert.Equal("True", Get(c, ConditionTypes.Ready).Status);
    }

    [Fact]
    public void TransitionTime_KeptWhileStatusHolds_MovesOnChange()
    {
        var first = ModelConditions.Compute(Healthy() with { ReadyReplicas = 1 }, null, T0);
        var same = ModelConditions.Compute(Healthy() with { ReadyReplicas = 0 }, first, T1);
        Assert.Equal(T0, Get(same, ConditionTypes.Available).LastTransitionTime);
        Assert.Equal("0/2 executors ready", Get(same, ConditionTypes.Available).Message);
        var flipped = ModelConditions.Compute(Healthy(), same, T1);
        Assert.Equal(T1, Get(flipped, ConditionTypes.Available).LastTransitionTime);
        Assert.Equal(T0, Get(flipped, ConditionTypes.ModelVerified).LastTransitionTime);
    }

    [Fact]
    public void SameMeaning_IgnoresOnlyTransitionTimes()
    {
        var a = ModelConditions.Compute(Healthy(), null, T0);
        var b = ModelConditions.Compute(Healthy(), null, T1);
        Assert.True(ModelConditions.SameMeaning(a, b));
        Assert.False(ModelConditions.SameMeaning(a, ModelConditions.Compute(Healthy() with { Generation = 4 }, null, T0)));
        Assert.False(ModelConditions.SameMeaning(a, ModelConditions.Compute(Healthy() with { ReadyReplicas = 1 }, null, T0)));
        Assert.False(ModelConditions.SameMeaning(a, null));
    }

    [Fact]
    public void PoolStatus_CountsMatchingAndReadyNodes_AndSelector()
    {
        var pool = Pools.Tdx();
        var nodes = new[]
        {
            Node("a", ready: true, ("kubernetes.azure.com/agentpool", "tdxpool"), ("node.kubernetes.io/instance-type", "Standard_DC4es_v5"), ("kubernetes.azure.com/security-type", "ConfidentialVM")),
            Node("b", ready: false, ("kubernetes.azure.com/agentpool", "tdxpool"), ("node.kubernetes.io/instance-type", "Standard_DC8es_v5"), ("kubernetes.azure.com/security-type", "ConfidentialVM")),
            Node("c", ready: true, ("kubernetes.azure.com/agentpool", "tdxpool"), ("node.kubernetes.io/instance-type", "Standard_D4s_v5")),
            Node("d", ready: true, ("kubernetes.azure.com/agentpool", "other"), ("node.kubernetes.io/instance-type", "Standard_DC4es_v5"), ("kubernetes.azure.com/security-type", "ConfidentialVM")),
        };
        var status = PoolStatusBuilder.Build(pool, nodes, 3, T0);
        Assert.Equal((2, 1, 3), (status.Replicas, status.ReadyReplicas, status.AllocatedExecutors));
        Assert.Equal("kubernetes.azure.com/agentpool=tdxpool,node.kubernetes.io/instance-type in (Standard_DC4es_v5,Standard_DC8es_v5),kubernetes.azure.com/security-type in (ConfidentialVM)", status.LabelSelector);
        Assert.Equal(("True", Reasons.NodesReady), (status.Conditions![0].Status, status.Conditions[0].Reason));
        var none = PoolStatusBuilder.Build(pool, [nodes[1]], 0, T0);
        Assert.Equal(("False", Reasons.NoReadyNodes), (none.Conditions![0].Status, none.Conditions[0].Reason));
        var cordoned = Node("e", ready: true, ("kubernetes.azure.com/agentpool", "tdxpool"), ("node.kubernetes.io/instance-type", "Standard_DC4es_v5"), ("kubernetes.azure.com/security-type", "ConfidentialVM"));
        cordoned.Spec = new V1NodeSpec { Unschedulable = true };
        Assert.False(PoolStatusBuilder.IsReady(cordoned));
    }

    private static V1Node Node(string name, bool ready, params (string Key, string Value)[] labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels.ToDictionary(l => l.Key, l => l.Value) },
        Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };

    [Theory]
    [InlineData("ok", true)]
    [InlineData("bad-root", false)]
    [InlineData("both", false)]
    [InlineData("neither", false)]
    [InlineData("no-image", false)]
    [InlineData("bad-uri", false)]
    public void SpecChecker_NamesTheField(string what, bool valid)
    {
        var m = Pools.Model("m", tee: TeeTechnology.Sgx);
        var options = Harness.Options("op");
        string? field = null;
        switch (what)
        {
            case "bad-root": m.Spec.WeightsRoot = "0xABC"; field = "spec.weightsRoot"; break;
            case "both": m.Spec.PoolRef = "p"; field = "spec.poolRef"; break;
            case "neither": m.Spec.Tee = null; field = "spec.poolRef"; break;
            case "no-image": options.ExecutorImage = null; field = "spec.executor.image"; break;
            case "bad-uri": m.Spec.Source.Uri = "http://x"; field = "spec.source.uri"; break;
        }

        var errors = ModelSpecChecker.Check(m.Spec, options);
        Assert.Equal(valid, errors.Count == 0);
        if (field is not null)
            Assert.Contains(errors, e => e.Contains(field, StringComparison.Ordinal));
    }
}
