using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Otr.Operator.Entities;
using Otr.Operator.Runtime;
using Otr.Operator.Scheduling;

namespace Otr.Operator.Controllers;

/// <summary>
/// Reconciles one InferenceModel: check the spec, choose a pool, apply the executor workload, then
/// write the status (always, failures included, and only when it changed) and record events on transitions.
/// No finalizer: everything the operator creates for a model is owned by it and garbage-collected
/// with it, and the routes are recomputed from the cache when it disappears.
/// </summary>
internal sealed class ModelReconciler(
    IKubernetes client,
    OperatorOptions options,
    OperatorController owner,
    WorkloadApplier applier,
    EventRecorder events,
    RoutesPublisher routes,
    TimeProvider time)
{
    public async Task ReconcileAsync(string ns, string name, CancellationToken ct)
    {
        var key = ObjectKeys.Of(ns, name);
        var model = owner.Models.Get(key);
        if (model is null || model.Metadata.DeletionTimestamp is not null)
        {
            if (owner.Ledger.Release(key) is { } released)
                owner.Queue.Add(OperatorController.PoolKey(released));
            owner.Queue.Add(OperatorController.RoutesKey);
            return;
        }

        var generation = model.Metadata.Generation ?? 0;
        var specErrors = ModelSpecChecker.Check(model.Spec, options);
        PoolDecision? decision = null;
        string? previousPool = null;
        var deployment = owner.Deployments.Get(ObjectKeys.Of(ns, ExecutorWorkloadBuilder.WorkloadName(name)));
        string? failure = null;
        Exception? error = null;
        try
        {
            if (specErrors.Count == 0)
            {
                (decision, previousPool) = owner.Ledger.Decide(model, owner.Pools.List());
                if (decision.IsScheduled)
                {
                    var pool = owner.Pools.Get(decision.Pool!)!;
                    var desired = ExecutorWorkloadBuilder.Build(model, pool, options);
                    var (applied, outcome) = await applier.ApplyDeploymentAsync(desired.Deployment, deployment, ct).ConfigureAwait(false);
                    deployment = applied;
                    await applier.ApplyServiceAsync(desired.Service, ct).ConfigureAwait(false);
                    await applier.ApplyDisruptionBudgetAsync(desired.DisruptionBudget, ct).ConfigureAwait(false);
                    if (outcome != WorkloadApplier.Outcome.Unchanged)
                    {
                        await events.RecordAsync(model, false,
                            outcome == WorkloadApplier.Outcome.Created ? Reasons.WorkloadCreated : Reasons.WorkloadUpdated,
                            $"Deployment {desired.Deployment.Metadata.Name}: {model.Spec.Replicas} executor(s) on pool {decision.Pool}", ct).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = e.Message;
            error = e;
        }

        // The pools' allocated counts may have changed (pool moved or replicas changed); their reconcile writes only differences.
        if (previousPool is not null && previousPool != decision?.Pool)
            owner.Queue.Add(OperatorController.PoolKey(previousPool));
        if (decision?.Pool is not null)
            owner.Queue.Add(OperatorController.PoolKey(decision.Pool));
        if (decision?.Pool != previousPool)
            owner.Queue.Add(OperatorController.RoutesKey);

        var url = decision?.IsScheduled == true ? ExecutorWorkloadBuilder.ServiceUrl(name, ns) : null;
        if (url is not null && !routes.IsRouted(key, url))
            owner.Queue.Add(OperatorController.RoutesKey);
        var rolledOut = deployment?.Status?.ObservedGeneration >= deployment?.Metadata.Generation;
        var observation = new ModelObservation(
            generation, specErrors, decision, model.Spec.Replicas,
            WorkloadExists: deployment is not null,
            ReadyReplicas: rolledOut ? deployment!.Status?.ReadyReplicas ?? 0 : Math.Min(deployment?.Status?.ReadyReplicas ?? 0, Math.Max(0, model.Spec.Replicas - 1)),
            RoutesManaged: routes.Enabled,
            Routed: routes.IsRouted(key, url),
            Failure: failure);
        var conditions = ModelConditions.Compute(observation, model.Status?.Conditions, time.GetUtcNow().UtcDateTime);
        var status = new InferenceModelStatus
        {
            ObservedGeneration = generation,
            Pool = decision?.Pool ?? Dict.Get(deployment?.Metadata.Labels, OtrApi.PoolLabel),
            Replicas = deployment?.Status?.Replicas ?? 0,
            ReadyReplicas = deployment?.Status?.ReadyReplicas ?? 0,
            Endpoint = url,
            Conditions = conditions,
        };
        if (!SameStatus(model.Status, status))
        {
            await WriteStatusAsync(model, status, ct).ConfigureAwait(false);
            await RecordTransitionsAsync(model, model.Status?.Conditions, conditions, ct).ConfigureAwait(false);
        }

        if (error is not null)
            throw new ReconcileException($"InferenceModel {key}: {failure}", error);
    }

    private static bool SameStatus(InferenceModelStatus? a, InferenceModelStatus b) =>
        a is not null && a.ObservedGeneration == b.ObservedGeneration && a.Pool == b.Pool && a.Replicas == b.Replicas &&
        a.ReadyReplicas == b.ReadyReplicas && a.Endpoint == b.Endpoint && ModelConditions.SameMeaning(a.Conditions, b.Conditions);

    private async Task WriteStatusAsync(InferenceModel model, InferenceModelStatus status, CancellationToken ct)
    {
        // Merge patch of the status subresource: the operator owns the whole status; absent fields are removed explicitly.
        var node = JsonNode.Parse(KubernetesJson.Serialize(status))!.AsObject();
        node.TryAdd("pool", null);
        node.TryAdd("endpoint", null);
        var patch = new JsonObject { ["status"] = node };
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            OtrApi.Group, OtrApi.Version, model.Metadata.NamespaceProperty, OtrApi.InferenceModelPlural, model.Metadata.Name,
            cancellationToken: ct).ConfigureAwait(false);
        owner.Metrics.Wrote("inferencemodel/status");
    }

    private async Task RecordTransitionsAsync(InferenceModel model, IReadOnlyList<V1Condition>? before, List<V1Condition> after, CancellationToken ct)
    {
        foreach (var type in new[] { ConditionTypes.ModelVerified, ConditionTypes.Scheduled, ConditionTypes.Ready })
        {
            var now = after.First(c => c.Type == type);
            var then = before?.FirstOrDefault(c => c.Type == type);
            if (then is not null && then.Reason == now.Reason && then.Status == now.Status)
                continue;
            var warning = now.Status != "True";
            if (type == ConditionTypes.ModelVerified && !warning)
                continue; // valid specs are the normal case
            if (type == ConditionTypes.Ready && warning && now.Reason != Reasons.ReconcileFailed)
                continue; // the failing condition's own event says why
            if (type == ConditionTypes.Scheduled && now.Reason == Reasons.NotVerified)
                continue;
            await events.RecordAsync(model, warning, now.Reason, now.Message, ct).ConfigureAwait(false);
            owner.Logger.LogInformation("InferenceModel {Namespace}/{Name}: {Type}={Status} {Reason}: {Message}",
                model.Metadata.NamespaceProperty, model.Metadata.Name, type, now.Status, now.Reason, now.Message);
        }
    }
}

/// <summary>A reconcile failed after its status was written; the key is retried with backoff.</summary>
public sealed class ReconcileException(string message, Exception inner) : Exception(message, inner);
