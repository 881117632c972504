namespace Otr.Operator.Scheduling;

/// <summary>Outcome kinds of pool selection; each is also the reason of the <c>Scheduled</c> condition.</summary>
public enum PoolDecisionKind
{
    /// <summary>A pool was chosen.</summary>
    Scheduled,

    /// <summary>No pool offers what the model needs (or the named pool does not exist or does not fit).</summary>
    NoCompatiblePool,

    /// <summary>Compatible pools exist but none has room for the model's executors.</summary>
    NoCapacity,
}

/// <summary>The pool chosen for a model, or why none was.</summary>
/// <param name="Kind">Outcome.</param>
/// <param name="Pool">The chosen pool's name when <see cref="PoolDecisionKind.Scheduled"/>.</param>
/// <param name="Message">Human-readable explanation (names pools and what each lacks).</param>
public sealed record PoolDecision(PoolDecisionKind Kind, string? Pool, string Message)
{
    /// <summary>True when a pool was chosen.</summary>
    public bool IsScheduled => Kind == PoolDecisionKind.Scheduled;
}
