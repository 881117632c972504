using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Otr.Operator.Entities;
using Otr.Operator.Runtime;

namespace Otr.Operator.Controllers;

/// <summary>Keeps one key of an operator-owned ConfigMap equal to a document: create when absent, replace when different, nothing when equal.</summary>
internal static class ConfigMapWriter
{
    /// <summary>Writes <paramref name="content"/> under <paramref name="key"/>; a 409 re-reads and retries.</summary>
    public static async Task WriteAsync(IKubernetes client, string name, string ns, string key, string content, string component, OperatorMetrics metrics, CancellationToken ct)
    {
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
                                Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = OtrApi.ManagedBy, ["app.kubernetes.io/component"] = component },
                            },
                            Data = new Dictionary<string, string> { [key] = content },
                        },
                        ns, cancellationToken: ct).ConfigureAwait(false);
                    metrics.Wrote("configmap/create");
                }
                else if (Dict.Get(existing.Data, key) != content)
                {
                    existing.Data ??= new Dictionary<string, string>();
                    existing.Data[key] = content;
                    await client.CoreV1.ReplaceNamespacedConfigMapAsync(existing, name, ns, cancellationToken: ct).ConfigureAwait(false);
                    metrics.Wrote("configmap/update");
                }

                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 4)
            {
                // written meanwhile: read again
            }
        }
    }
}
