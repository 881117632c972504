namespace Otr.Operator.Runtime;

/// <summary>Lookups in the <c>IDictionary</c> maps of Kubernetes models (labels, annotations, data).</summary>
public static class Dict
{
    /// <summary>The value of <paramref name="key"/>, or null when the map or the key is absent.</summary>
    public static string? Get(IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;
}
