namespace Otr.Kubernetes.Testing;

/// <summary>A resource type the fake API server serves.</summary>
/// <param name="Group">API group ("" for core).</param>
/// <param name="Version">Version.</param>
/// <param name="Plural">URL plural.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Namespaced">Namespaced or cluster-scoped.</param>
/// <param name="HasStatus">Has a status subresource: main writes keep status, status writes keep the rest.</param>
/// <param name="HasGeneration">metadata.generation is kept and bumped on spec changes.</param>
/// <param name="Schema">CRD schema validator, for custom resources.</param>
public sealed record ResourceType(
    string Group, string Version, string Plural, string Kind, bool Namespaced, bool HasStatus, bool HasGeneration, SchemaValidator? Schema = null)
{
    /// <summary><c>apiVersion</c> of objects of this type.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>The kind-qualified name in error messages, e.g. <c>InferenceModel.otr.dev</c>.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : Kind + "." + Group;

    /// <summary>The built-in types the operator and its tests use.</summary>
    public static IReadOnlyList<ResourceType> BuiltIn { get; } =
    [
        new("", "v1", "nodes", "Node", false, true, false),
        new("", "v1", "services", "Service", true, true, false),
        new("", "v1", "configmaps", "ConfigMap", true, false, false),
        new("", "v1", "secrets", "Secret", true, false, false),
        new("", "v1", "events", "Event", true, false, false),
        new("", "v1", "namespaces", "Namespace", false, true, false),
        new("apps", "v1", "deployments", "Deployment", true, true, true),
        new("apps", "v1", "statefulsets", "StatefulSet", true, true, true),
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, true, true),
        new("coordination.k8s.io", "v1", "leases", "Lease", true, false, false),
        new("events.k8s.io", "v1", "events", "Event", true, false, false),
    ];
}
