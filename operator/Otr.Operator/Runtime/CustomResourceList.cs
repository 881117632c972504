using k8s;
using k8s.Models;

namespace Otr.Operator.Runtime;

/// <summary>The list envelope of a custom resource.</summary>
/// <typeparam name="T">Item type.</typeparam>
public sealed class CustomResourceList<T> : IKubernetesObject<V1ListMeta>
    where T : IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "";

    /// <inheritdoc />
    public string Kind { get; set; } = "";

    /// <inheritdoc />
    public V1ListMeta Metadata { get; set; } = new();

    /// <summary>The items.</summary>
    public List<T> Items { get; set; } = [];
}
