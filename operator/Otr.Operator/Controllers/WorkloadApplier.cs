using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Otr.Operator.Entities;
using Otr.Operator.Runtime;

namespace Otr.Operator.Controllers;

/// <summary>
/// Idempotent writes of the executor objects: create when absent, replace (with the observed
/// resourceVersion) when the spec-hash annotation differs, nothing when equal; 409 conflicts re-read and retry.
/// </summary>
public sealed class WorkloadApplier(IKubernetes client, OperatorMetrics metrics)
{
    private const int Attempts = 5;

    /// <summary>What an apply did.</summary>
    public enum Outcome
    {
        /// <summary>Nothing to do.</summary>
        Unchanged,

        /// <summary>Created.</summary>
        Created,

        /// <summary>Replaced with the desired spec.</summary>
        Updated,
    }

    /// <summary>Applies the Deployment; <paramref name="cached"/> is the informer's copy (saves a read).</summary>
    public Task<(V1Deployment, Outcome)> ApplyDeploymentAsync(V1Deployment desired, V1Deployment? cached, CancellationToken ct) =>
        ApplyAsync(
            desired, cached, "deployment",
            () => client.AppsV1.ReadNamespacedDeploymentAsync(desired.Metadata.Name, desired.Metadata.NamespaceProperty, cancellationToken: ct),
            () => client.AppsV1.CreateNamespacedDeploymentAsync(desired, desired.Metadata.NamespaceProperty, cancellationToken: ct),
            body => client.AppsV1.ReplaceNamespacedDeploymentAsync(body, desired.Metadata.Name, desired.Metadata.NamespaceProperty, cancellationToken: ct),
            (_, _) => { });

    /// <summary>Applies the Service, keeping the cluster IPs the API server allocated.</summary>
    public Task<(V1Service, Outcome)> ApplyServiceAsync(V1Service desired, CancellationToken ct) =>
        ApplyAsync(
            desired, null, "service",
            () => client.CoreV1.ReadNamespacedServiceAsync(desired.Metadata.Name, desired.Metadata.NamespaceProperty, cancellationToken: ct),
            () => client.CoreV1.CreateNamespacedServiceAsync(desired, desired.Metadata.NamespaceProperty, cancellationToken: ct),
            body => client.CoreV1.ReplaceNamespacedServiceAsync(body, desired.Metadata.Name, desired.Metadata.NamespaceProperty, cancellationToken: ct),
            (body, existing) =>
            {
                body.Spec.ClusterIP = existing.Spec?.ClusterIP;
                body.Spec.ClusterIPs = existing.Spec?.ClusterIPs;
            });

    /// <summary>Applies the PodDisruptionBudget.</summary>
    public Task<(V1PodDisruptionBudget, Outcome)> ApplyDisruptionBudgetAsync(V1PodDisruptionBudget desired, CancellationToken ct) =>
        ApplyAsync(
            desired, null, "poddisruptionbudget",
            () => client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync(desired.Metadata.Name, desired.Metadata.NamespaceProperty, cancellationToken: ct),
            () => client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(desired, desired.Metadata.NamespaceProperty, cancellationToken: ct),
            body => client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetAsync(body, desired.Metadata.Name, desired.Metadata.NamespaceProperty, cancellationToken: ct),
            (_, _) => { });

    /// <summary>Whether <paramref name="existing"/> already carries the desired spec hash and owner.</summary>
    public static bool IsCurrent(IKubernetesObject<V1ObjectMeta> existing, IKubernetesObject<V1ObjectMeta> desired)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(desired);
        var want = Dict.Get(desired.Metadata.Annotations, OtrApi.SpecHashAnnotation);
        var have = Dict.Get(existing.Metadata.Annotations, OtrApi.SpecHashAnnotation);
        var owner = desired.Metadata.OwnerReferences?.FirstOrDefault()?.Uid;
        var labelsMatch = desired.Metadata.Labels?.All(l => Dict.Get(existing.Metadata.Labels, l.Key) == l.Value) ?? true;
        return want == have && labelsMatch && existing.Metadata.OwnerReferences?.Any(o => o.Uid == owner) == true;
    }

    private async Task<(T, Outcome)> ApplyAsync<T>(
        T desired, T? cached, string what,
        Func<Task<T>> read, Func<Task<T>> create, Func<T, Task<T>> replace, Action<T, T> keep)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var existing = cached;
        var readFirst = cached is null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (readFirst)
                existing = await ReadOrNullAsync(read).ConfigureAwait(false);
            readFirst = true;
            if (existing is null)
            {
                try
                {
                    var created = await create().ConfigureAwait(false);
                    metrics.Wrote(what + "/create");
                    return (created, Outcome.Created);
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
                {
                    continue; // created meanwhile: read and compare
                }
            }

            if (IsCurrent(existing, desired))
                return (existing, Outcome.Unchanged);
            desired.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            keep(desired, existing);
            try
            {
                var updated = await replace(desired).ConfigureAwait(false);
                metrics.Wrote(what + "/update");
                return (updated, Outcome.Updated);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // someone wrote since we read: read again
            }
            finally
            {
                desired.Metadata.ResourceVersion = null;
            }
        }

        throw new InvalidOperationException($"{what} {desired.Metadata.NamespaceProperty}/{desired.Metadata.Name}: still conflicting after {Attempts} attempts");
    }

    private static async Task<T?> ReadOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
