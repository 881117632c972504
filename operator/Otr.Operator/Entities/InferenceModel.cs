using System.ComponentModel.DataAnnotations;
using k8s;
using k8s.Models;

namespace Otr.Operator.Entities;

/// <summary>A q8-exact model to serve: the operator schedules its executors onto a compatible TEE pool.</summary>
public sealed class InferenceModel : IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = OtrApi.ApiVersion;

    /// <inheritdoc />
    public string Kind { get; set; } = OtrApi.InferenceModelKind;

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state.</summary>
    [Required]
    public InferenceModelSpec Spec { get; set; } = null!;

    /// <summary>The observed state, written by the operator.</summary>
    public InferenceModelStatus? Status { get; set; }
}
