using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Otr.Operator.Entities;

/// <summary>Confidential GPUs on a pool's nodes, or required by a model.</summary>
public sealed class GpuSpec
{
    /// <summary>GPU vendor; only <c>nvidia</c>.</summary>
    [Required]
    public GpuVendor Vendor { get; set; }

    /// <summary>GPU model; only <c>H100</c> (confidential-computing capable).</summary>
    [Required]
    public GpuModel Model { get; set; }

    /// <summary>GPUs per executor pod (pool: per node), at least 1.</summary>
    [Required]
    public int Count { get; set; }
}

/// <summary>GPU vendors with confidential computing.</summary>
public enum GpuVendor
{
    /// <summary>NVIDIA (<c>nvidia.com/gpu</c>).</summary>
    [JsonStringEnumMemberName("nvidia")]
    Nvidia,
}

/// <summary>GPU models with confidential computing.</summary>
public enum GpuModel
{
    /// <summary>NVIDIA H100 in CC mode.</summary>
    [JsonStringEnumMemberName("H100")]
    H100,
}
