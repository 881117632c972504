namespace Otr.Operator.Entities;

/// <summary>What a pool must offer for a model that names no pool.</summary>
public sealed class TeeRequirements
{
    /// <summary>Required CPU TEE technology; absent: any.</summary>
    public TeeTechnology? Technology { get; set; }

    /// <summary>Required confidential GPUs per executor; absent: no GPU needed.</summary>
    public GpuSpec? Gpu { get; set; }
}
