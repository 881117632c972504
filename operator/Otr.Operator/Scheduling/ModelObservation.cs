namespace Otr.Operator.Scheduling;

/// <summary>What one reconcile of a model found and decided: the input of <see cref="ModelConditions.Compute"/>.</summary>
/// <param name="Generation">The model's metadata.generation.</param>
/// <param name="SpecErrors">Problems found by <see cref="ModelSpecChecker"/>.</param>
/// <param name="Decision">The pool decision; null when the spec is invalid.</param>
/// <param name="DesiredReplicas">spec.replicas.</param>
/// <param name="WorkloadExists">Whether the executor Deployment exists.</param>
/// <param name="ReadyReplicas">The Deployment's ready replicas (of its current generation).</param>
/// <param name="RoutesManaged">Whether the operator publishes routes.</param>
/// <param name="Routed">Whether the published routes list the model.</param>
/// <param name="Failure">A reconcile error message, or null.</param>
public sealed record ModelObservation(
    long Generation,
    IReadOnlyList<string> SpecErrors,
    PoolDecision? Decision,
    int DesiredReplicas,
    bool WorkloadExists,
    int ReadyReplicas,
    bool RoutesManaged,
    bool Routed,
    string? Failure);
