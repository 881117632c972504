using System.Text;
using k8s;
using Otr.Attestation.Policy;
using Otr.Operator.Entities;
using Otr.Operator.Scheduling;

namespace Otr.Operator.Controllers;

/// <summary>
/// Keeps the attestation-policies ConfigMap (key <c>policies.json</c>) equal to the scheduled models' policies: each
/// model's weights root with its pool's <c>spec.attestation</c> (<see cref="AttestationPolicyMapper"/>). The attestation
/// committee mounts it.
/// </summary>
public sealed class PoliciesPublisher(IKubernetes client, OperatorOptions options, Runtime.OperatorMetrics metrics, ILogger logger)
{
    /// <summary>The ConfigMap key the committee reads.</summary>
    public const string PoliciesKey = "policies.json";

    /// <summary>Whether the operator publishes policies at all.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(options.AttestationPoliciesConfigMap);

    /// <summary>The document for the scheduled (model, pool) pairs; a model whose policy does not map is left out and its errors returned.</summary>
    public static (byte[] Document, IReadOnlyList<string> Errors) Build(IEnumerable<(InferenceModel Model, TeeNodePool Pool)> scheduled)
    {
        ArgumentNullException.ThrowIfNull(scheduled);
        var policies = new Dictionary<string, ModelAttestationPolicy>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var (model, pool) in scheduled)
        {
            var name = model.Metadata.Name;
            var mapped = AttestationPolicyMapper.Map(name, model.Spec.WeightsRoot, pool.Spec.Tee, pool.Spec.Attestation, out var problems);
            if (mapped is null)
            {
                errors.Add($"{model.Metadata.NamespaceProperty}/{name} on pool {pool.Metadata.Name}: {string.Join("; ", problems)}");
            }
            else if (!policies.TryAdd(name, mapped))
            {
                errors.Add($"{model.Metadata.NamespaceProperty}/{name}: another namespace already serves a model named '{name}'; its policy is kept");
            }
        }

        return (ModelPolicyDocument.Write(policies.Values), errors);
    }

    /// <summary>Writes the policies of the scheduled models.</summary>
    public async Task PublishAsync(IEnumerable<(InferenceModel Model, TeeNodePool Pool)> scheduled, CancellationToken ct)
    {
        if (!Enabled)
            return;
        var (document, errors) = Build(scheduled);
        foreach (var error in errors)
            logger.LogWarning("attestation policy left out: {Error}", error);
        await ConfigMapWriter.WriteAsync(client, options.AttestationPoliciesConfigMap!, options.PodNamespace, PoliciesKey, Encoding.UTF8.GetString(document), "attestation-policies", metrics, ct).ConfigureAwait(false);
    }
}
