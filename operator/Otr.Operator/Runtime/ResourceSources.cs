using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Otr.Operator.Runtime;

/// <summary>Resource sources over KubernetesClient for the types the operator watches.</summary>
public static class ResourceSources
{
    /// <summary>Delegate of a watch call: (resourceVersion, timeoutSeconds, onError, cancellation) → events.</summary>
    public delegate IAsyncEnumerable<(WatchEventType, TObject)> WatchCall<TObject>(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);

    /// <summary>Cluster-scoped custom resources.</summary>
    public static IResourceSource<T> ClusterCustom<T>(IKubernetes client, string group, string version, string plural)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        return new Source<T, object>(
            async ct =>
            {
                var list = await client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<T>>(group, version, plural, cancellationToken: ct).ConfigureAwait(false);
                return (list.Items, list.Metadata?.ResourceVersion ?? "");
            },
            (rv, timeout, onError, ct) => client.CustomObjects.WatchListClusterCustomObjectAsync(
                group, version, plural, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
            FromJson<T>);
    }

    /// <summary>Namespaced custom resources in <paramref name="ns"/>, or in all namespaces when it is empty.</summary>
    public static IResourceSource<T> NamespacedCustom<T>(IKubernetes client, string group, string version, string plural, string? ns)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        return new Source<T, object>(
            async ct =>
            {
                var list = string.IsNullOrEmpty(ns)
                    ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<CustomResourceList<T>>(group, version, plural, cancellationToken: ct).ConfigureAwait(false)
                    : await client.CustomObjects.ListNamespacedCustomObjectAsync<CustomResourceList<T>>(group, version, ns, plural, cancellationToken: ct).ConfigureAwait(false);
                return (list.Items, list.Metadata?.ResourceVersion ?? "");
            },
            (rv, timeout, onError, ct) => string.IsNullOrEmpty(ns)
                ? client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                    group, version, plural, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                    group, version, ns, plural, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
            FromJson<T>);
    }

    /// <summary>Deployments carrying <paramref name="labelSelector"/>, in <paramref name="ns"/> or all namespaces.</summary>
    public static IResourceSource<V1Deployment> Deployments(IKubernetes client, string? ns, string labelSelector)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new Source<V1Deployment, V1Deployment>(
            async ct =>
            {
                var list = string.IsNullOrEmpty(ns)
                    ? await client.AppsV1.ListDeploymentForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: ct).ConfigureAwait(false)
                    : await client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: labelSelector, cancellationToken: ct).ConfigureAwait(false);
                return (list.Items.ToList(), list.Metadata?.ResourceVersion ?? "");
            },
            (rv, timeout, onError, ct) => string.IsNullOrEmpty(ns)
                ? client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
                    allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : client.AppsV1.WatchListNamespacedDeploymentAsync(
                    ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
            d => d);
    }

    /// <summary>All nodes.</summary>
    public static IResourceSource<V1Node> Nodes(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new Source<V1Node, V1Node>(
            async ct =>
            {
                var list = await client.CoreV1.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false);
                return (list.Items.ToList(), list.Metadata?.ResourceVersion ?? "");
            },
            (rv, timeout, onError, ct) => client.CoreV1.WatchListNodeAsync(
                allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
            n => n);
    }

    private static T FromJson<T>(object value) => value switch
    {
        T typed => typed,
        JsonElement element => KubernetesJson.Deserialize<T>(element),
        _ => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value)),
    };

    private sealed class Source<T, TWire>(
        Func<CancellationToken, Task<(IReadOnlyList<T>, string)>> list,
        WatchCall<TWire> watch,
        Func<TWire, T> convert) : IResourceSource<T>
    {
        public Task<(IReadOnlyList<T> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken) =>
            list(cancellationToken).ContinueWith(t => ((IReadOnlyList<T>, string))t.GetAwaiter().GetResult(), cancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
            string resourceVersion, TimeSpan timeout, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var seconds = (int)Math.Max(1, timeout.TotalSeconds);
            await foreach (var (type, wire) in watch(resourceVersion, seconds, onError, cancellationToken).ConfigureAwait(false))
            {
                T converted;
                try
                {
                    converted = convert(wire);
                }
                catch (JsonException e)
                {
                    onError(e);
                    continue;
                }

                yield return (type, converted);
            }
        }
    }
}
