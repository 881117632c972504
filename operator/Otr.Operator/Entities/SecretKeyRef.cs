using System.ComponentModel.DataAnnotations;
namespace Otr.Operator.Entities;

/// <summary>A key of a Secret in the resource's namespace.</summary>
public sealed class SecretKeyRef
{
    /// <summary>Secret name.</summary>
    [Required]
    public string Name { get; set; } = null!;

    /// <summary>Key inside the Secret.</summary>
    [Required]
    public string Key { get; set; } = null!;
}
