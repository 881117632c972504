using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Otr.Operator.Entities;

using Otr.Operator.Runtime;

namespace Otr.Operator.Controllers;

/// <summary>Keeps the routes ConfigMap (key <c>routes.json</c>) equal to the scheduled models' executor Services.</summary>
public sealed class RoutesPublisher(IKubernetes client, OperatorOptions options, Runtime.OperatorMetrics metrics)
{
    /// <summary>The ConfigMap key the sequencer reads.</summary>
    public const string RoutesKey = "routes.json";

    private readonly object _gate = new();
    private Dictionary<string, string> _published = new(StringComparer.Ordinal);

    /// <summary>Whether the operator publishes routes at all.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(options.RoutesConfigMap);

    /// <summary>Whether the last published routes hold <paramref name="modelKey"/> with <paramref name="url"/>.</summary>
    public bool IsRouted(string modelKey, string? url)
    {
        lock (_gate)
            return url is not null && _published.GetValueOrDefault(modelKey) == url;
    }

    /// <summary>
    /// Reads what is published now (a new leader starts from it, so it does not flip every model's
    /// <c>Routed</c> condition). A missing or unreadable ConfigMap counts as empty.
    /// </summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        var published = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Enabled)
        {
            try
            {
                var existing = await client.CoreV1.ReadNamespacedConfigMapAsync(options.RoutesConfigMap, options.PodNamespace, cancellationToken: ct).ConfigureAwait(false);
                if (Runtime.Dict.Get(existing.Data, RoutesKey) is { } json)
                {
                    foreach (var model in RoutesDocument.Parse(json).Models)
                    {
                        foreach (var url in model.Executors)
                        {
                            if (Scheduling.ExecutorWorkloadBuilder.TryParseServiceUrl(url, out var name, out var ns) && name == model.Name)
                                published[ns + "/" + name] = url;
                        }
                    }
                }
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // nothing published yet
            }
            catch (System.Text.Json.JsonException)
            {
                // rewritten at the next publish
            }
        }

        lock (_gate)
            _published = published;
    }

    /// <summary>Writes the routes for <paramref name="routes"/> (model key → (model name, URL)); returns model keys whose routed state changed.</summary>
    public async Task<IReadOnlyCollection<string>> PublishAsync(IReadOnlyDictionary<string, (string Model, string Url)> routes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (!Enabled)
            return [];
        var json = RoutesDocument.Build(routes.Values).ToJson();
        var name = options.RoutesConfigMap!;
        var ns = options.PodNamespace;
        for (var attempt = 0; ; attempt++)
        {
            V1ConfigMap? existing;
            try
            {
                existing = await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                existing = null;
            }

            try
            {
                if (existing is null)
                {
                    await client.CoreV1.CreateNamespacedConfigMapAsync(
                        new V1ConfigMap
                        {
                            Metadata = new V1ObjectMeta
                            {
                                Name = name,
                                NamespaceProperty = ns,
                                Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = OtrApi.ManagedBy, ["app.kubernetes.io/component"] = "routes" },
                            },
                            Data = new Dictionary<string, string> { [RoutesKey] = json },
                        },
                        ns, cancellationToken: ct).ConfigureAwait(false);
                    metrics.Wrote("configmap/create");
                }
                else if (Dict.Get(existing.Data, RoutesKey) != json)
                {
                    existing.Data ??= new Dictionary<string, string>();
                    existing.Data[RoutesKey] = json;
                    await client.CoreV1.ReplaceNamespacedConfigMapAsync(existing, name, ns, cancellationToken: ct).ConfigureAwait(false);
                    metrics.Wrote("configmap/update");
                }

                break;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 4)
            {
                // written meanwhile: read again
            }
        }

        var now = routes.ToDictionary(r => r.Key, r => r.Value.Url, StringComparer.Ordinal);
        lock (_gate)
        {
            var changed = now.Where(r => _published.GetValueOrDefault(r.Key) != r.Value).Select(r => r.Key)
                .Concat(_published.Keys.Where(k => !now.ContainsKey(k)))
                .ToHashSet(StringComparer.Ordinal);
            _published = now;
            return changed;
        }
    }
}
