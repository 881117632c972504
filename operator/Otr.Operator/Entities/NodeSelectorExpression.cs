using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Otr.Operator.Entities;

/// <summary>One required node-affinity expression (as in a Kubernetes NodeSelectorRequirement).</summary>
public sealed class NodeSelectorExpression
{
    /// <summary>Node label key.</summary>
    [Required]
    public string Key { get; set; } = null!;

    /// <summary>How the label is compared.</summary>
    [Required]
    public NodeSelectorOperator Operator { get; set; }

    /// <summary>Values for <c>In</c> and <c>NotIn</c>.</summary>
    public List<string>? Values { get; set; }
}

/// <summary>Node-affinity operators supported on pools.</summary>
public enum NodeSelectorOperator
{
    /// <summary>The label's value is one of the values.</summary>
    [JsonStringEnumMemberName("In")]
    In,

    /// <summary>The label is absent or its value is none of the values.</summary>
    [JsonStringEnumMemberName("NotIn")]
    NotIn,

    /// <summary>The label is present.</summary>
    [JsonStringEnumMemberName("Exists")]
    Exists,

    /// <summary>The label is absent.</summary>
    [JsonStringEnumMemberName("DoesNotExist")]
    DoesNotExist,
}
