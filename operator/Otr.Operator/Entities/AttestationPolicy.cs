using System.ComponentModel.DataAnnotations;
namespace Otr.Operator.Entities;

/// <summary>What an executor's attestation evidence must show on a pool.</summary>
public sealed class AttestationPolicy
{
    /// <summary>Allowed TEE measurements (MRENCLAVE, MRTD or SNP launch measurement), lowercase hex; at least one.</summary>
    [Required]
    public List<string> AllowedMeasurements { get; set; } = null!;

    /// <summary>Minimum TCB (security version) the platform must report, e.g. an SVN as a decimal string.</summary>
    public string? MinimumTcb { get; set; }

    /// <summary>Whether debug-mode TEEs are accepted; must be false (debug TEEs are refused).</summary>
    public bool AllowDebug { get; set; }

    /// <summary>Longest accepted age of attestation evidence, e.g. <c>1h</c> or <c>30m</c>.</summary>
    [Required]
    public string Freshness { get; set; } = null!;
}
