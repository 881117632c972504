using System.ComponentModel.DataAnnotations;
using k8s;
using k8s.Models;

namespace Otr.Operator.Entities;

/// <summary>A cluster-scoped pool of confidential-computing nodes that executors may run on.</summary>
public sealed class TeeNodePool : IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = OtrApi.ApiVersion;

    /// <inheritdoc />
    public string Kind { get; set; } = OtrApi.TeeNodePoolKind;

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state.</summary>
    [Required]
    public TeeNodePoolSpec Spec { get; set; } = null!;

    /// <summary>The observed state, written by the operator.</summary>
    public TeeNodePoolStatus? Status { get; set; }
}
