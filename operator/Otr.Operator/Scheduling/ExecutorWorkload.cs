using k8s.Models;

namespace Otr.Operator.Scheduling;

/// <summary>The objects that run a model's executors: a Deployment, its Service and its PodDisruptionBudget.</summary>
/// <param name="Deployment">The executor Deployment.</param>
/// <param name="Service">ClusterIP Service on port 8080 (the sequencer's route).</param>
/// <param name="DisruptionBudget">Keeps all but one executor up through voluntary disruptions.</param>
public sealed record ExecutorWorkload(V1Deployment Deployment, V1Service Service, V1PodDisruptionBudget DisruptionBudget);
