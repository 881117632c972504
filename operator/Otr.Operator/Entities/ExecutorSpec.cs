namespace Otr.Operator.Entities;

/// <summary>The executor container of a model.</summary>
public sealed class ExecutorSpec
{
    /// <summary>Executor image; absent: the operator's <c>Operator:ExecutorImage</c>.</summary>
    public string? Image { get; set; }

    /// <summary>CPU and memory requests and limits of the executor container.</summary>
    public ExecutorResources? Resources { get; set; }
}

/// <summary>Requests and limits (quantities such as <c>2</c>, <c>500m</c>, <c>8Gi</c>).</summary>
public sealed class ExecutorResources
{
    /// <summary>Resource requests.</summary>
    public Dictionary<string, string>? Requests { get; set; }

    /// <summary>Resource limits.</summary>
    public Dictionary<string, string>? Limits { get; set; }
}
