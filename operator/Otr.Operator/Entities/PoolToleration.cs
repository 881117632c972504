using System.Text.Json.Serialization;

namespace Otr.Operator.Entities;

/// <summary>A toleration copied onto executor pods of the pool.</summary>
public sealed class PoolToleration
{
    /// <summary>Taint key; absent with <c>Exists</c> tolerates every taint.</summary>
    public string? Key { get; set; }

    /// <summary><c>Equal</c> (default) or <c>Exists</c>.</summary>
    public TolerationOperator? Operator { get; set; }

    /// <summary>Taint value for <c>Equal</c>.</summary>
    public string? Value { get; set; }

    /// <summary>Taint effect tolerated; absent: every effect.</summary>
    public TaintEffect? Effect { get; set; }
}

/// <summary>Toleration operators.</summary>
public enum TolerationOperator
{
    /// <summary>Key and value equal.</summary>
    [JsonStringEnumMemberName("Equal")]
    Equal,

    /// <summary>Key present, any value.</summary>
    [JsonStringEnumMemberName("Exists")]
    Exists,
}

/// <summary>Taint effects.</summary>
public enum TaintEffect
{
    /// <summary>Pods without the toleration are not scheduled.</summary>
    [JsonStringEnumMemberName("NoSchedule")]
    NoSchedule,

    /// <summary>The scheduler avoids the node.</summary>
    [JsonStringEnumMemberName("PreferNoSchedule")]
    PreferNoSchedule,

    /// <summary>Running pods without the toleration are evicted.</summary>
    [JsonStringEnumMemberName("NoExecute")]
    NoExecute,
}
