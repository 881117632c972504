using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Otr.Operator.Entities;

/// <summary>Which model, on what TEE, with how many executors.</summary>
public sealed class InferenceModelSpec
{
    /// <summary>Where the executor reads the model file from.</summary>
    [Required]
    public ModelSource Source { get; set; } = null!;

    /// <summary>The model's weights root, <c>0x</c> + 64 lowercase hex (immutable; must match the ModelRegistry).</summary>
    [Required]
    public string WeightsRoot { get; set; } = null!;

    /// <summary>Execution profile (immutable); only <c>q8-exact</c>.</summary>
    [Required]
    public ExecutionProfile Profile { get; set; }

    /// <summary>Name of the TeeNodePool to run on. Exactly one of this and <see cref="Tee"/>.</summary>
    public string? PoolRef { get; set; }

    /// <summary>TEE requirements; the operator picks a compatible pool. Exactly one of this and <see cref="PoolRef"/>.</summary>
    public TeeRequirements? Tee { get; set; }

    /// <summary>Executor pods to run.</summary>
    [Required]
    public int Replicas { get; set; }

    /// <summary>Executor image and resources; the image defaults to the operator's configured one.</summary>
    public ExecutorSpec? Executor { get; set; }

    /// <summary>Prices the sequencer charges for this model.</summary>
    public Pricing? Pricing { get; set; }

    /// <summary>Share of receipts the challenger re-executes, in basis points (0–10000).</summary>
    public int? SpotCheckBasisPoints { get; set; }

    /// <summary>Secret holding the executor operator account's private key (registration and stake).</summary>
    [Required]
    public SecretKeyRef OperatorKeySecretRef { get; set; } = null!;
}

/// <summary>Execution profiles.</summary>
public enum ExecutionProfile
{
    /// <summary>The integer-only, bit-exact transformer profile.</summary>
    [JsonStringEnumMemberName("q8-exact")]
    Q8Exact,
}
