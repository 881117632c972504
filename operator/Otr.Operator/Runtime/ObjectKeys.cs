using k8s;
using k8s.Models;

namespace Otr.Operator.Runtime;

/// <summary>Cache keys of objects.</summary>
public static class ObjectKeys
{
    /// <summary>The cache key of an object: <c>namespace/name</c>, or <c>name</c> when cluster-scoped.</summary>
    public static string Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Of(obj.Metadata.NamespaceProperty, obj.Metadata.Name);
    }

    /// <summary>The cache key of <paramref name="name"/> in <paramref name="ns"/> (null or empty for cluster-scoped).</summary>
    public static string Of(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;
}
