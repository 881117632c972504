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
        await ConfigMapWriter.WriteAsync(client, options.RoutesConfigMap!, options.PodNamespace, RoutesKey, json, "routes", metrics, ct).ConfigureAwait(false);

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
