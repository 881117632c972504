using System.ComponentModel.DataAnnotations;
namespace Otr.Operator.Entities;

/// <summary>Which nodes form the pool, how executor pods land on them and what their attestation must show.</summary>
public sealed class TeeNodePoolSpec
{
    /// <summary>CPU TEE technology of every node of the pool (immutable).</summary>
    [Required]
    public TeeTechnology Tee { get; set; }

    /// <summary>Confidential GPUs of the pool's nodes; absent for CPU-only pools.</summary>
    public GpuSpec? Gpu { get; set; }

    /// <summary>Node labels every pool node carries (e.g. <c>kubernetes.azure.com/agentpool</c>).</summary>
    public Dictionary<string, string>? NodeSelector { get; set; }

    /// <summary>Further required node-affinity expressions, ANDed with <see cref="NodeSelector"/>.</summary>
    public List<NodeSelectorExpression>? NodeAffinity { get; set; }

    /// <summary>Tolerations of the pool's taints, copied onto executor pods.</summary>
    public List<PoolToleration>? Tolerations { get; set; }

    /// <summary>
    /// Extended resources each executor pod requests and is limited to on this pool
    /// (e.g. <c>sgx.intel.com/epc: 64Mi</c>). GPU count is added from <see cref="Gpu"/>.
    /// </summary>
    public Dictionary<string, string>? Resources { get; set; }

    /// <summary>RuntimeClass of executor pods (e.g. <c>kata-cc</c>); absent: the cluster default.</summary>
    public string? RuntimeClassName { get; set; }

    /// <summary>What the attestation of an executor on this pool must show.</summary>
    [Required]
    public AttestationPolicy Attestation { get; set; } = null!;

    /// <summary>How many executors the pool accepts.</summary>
    [Required]
    public PoolCapacity Capacity { get; set; } = null!;

    /// <summary>Desired node count (scale subresource), for the platform's node autoscaling; informational to the operator.</summary>
    public int? Replicas { get; set; }
}
