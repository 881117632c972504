using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Otr.Operator.Runtime;

namespace Otr.Operator.Controllers;

/// <summary>Writes core/v1 Events about the operator's objects (reasons are the stable constants of <c>Reasons</c>).</summary>
public sealed class EventRecorder(IKubernetes client, string instance, ILogger logger, OperatorMetrics metrics)
{
    /// <summary>The <c>source.component</c> and <c>reportingComponent</c> of the operator's events.</summary>
    public const string Component = "otr-operator";

    /// <summary>Records an event about <paramref name="involved"/>; failures are logged, never thrown (events are best effort).</summary>
    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> involved, bool warning, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(involved);
        var ns = string.IsNullOrEmpty(involved.Metadata.NamespaceProperty) ? "default" : involved.Metadata.NamespaceProperty;
        var now = DateTime.UtcNow;
        var e = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = involved.Metadata.Name + ".", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = involved.ApiVersion,
                Kind = involved.Kind,
                Name = involved.Metadata.Name,
                NamespaceProperty = involved.Metadata.NamespaceProperty,
                Uid = involved.Metadata.Uid,
                ResourceVersion = involved.Metadata.ResourceVersion,
            },
            Reason = reason,
            Message = message.Length > 1024 ? message[..1024] : message,
            Type = warning ? "Warning" : "Normal",
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            ReportingInstance = instance,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(e, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            metrics.Wrote("event/create");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "could not record event {Reason} on {Kind} {Name}", reason, involved.Kind, involved.Metadata.Name);
        }
    }
}
