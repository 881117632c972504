using System.ComponentModel.DataAnnotations;
namespace Otr.Operator.Entities;

/// <summary>Per-token prices in wei, as decimal strings (they exceed 64 bits).</summary>
public sealed class Pricing
{
    /// <summary>Wei per million input tokens.</summary>
    [Required]
    public string InputPerMillionTokensWei { get; set; } = null!;

    /// <summary>Wei per million output tokens.</summary>
    [Required]
    public string OutputPerMillionTokensWei { get; set; } = null!;
}
