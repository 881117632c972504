using System.ComponentModel.DataAnnotations;
namespace Otr.Operator.Entities;

/// <summary>How much of a pool executors may use.</summary>
public sealed class PoolCapacity
{
    /// <summary>Most executor pods (over every model) the pool accepts.</summary>
    [Required]
    public int MaxExecutors { get; set; }
}
