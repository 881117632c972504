using System.ComponentModel.DataAnnotations;
namespace Otr.Operator.Entities;

/// <summary>
/// Where the model file is: <c>file:///path</c> (in the executor image), <c>pvc://claim/path</c> (a
/// PersistentVolumeClaim mounted read-only) or <c>demo://seed</c> (the bundled demo model).
/// </summary>
public sealed class ModelSource
{
    /// <summary>The model URI.</summary>
    [Required]
    public string Uri { get; set; } = null!;

    /// <summary>SHA-256 of the model file, <c>sha256:</c> + 64 lowercase hex.</summary>
    [Required]
    public string Digest { get; set; } = null!;
}
