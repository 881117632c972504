namespace Otr.Operator.Entities;

/// <summary>The API group, version, kinds and plurals of the OTR custom resources (the Helm chart contract).</summary>
public static class OtrApi
{
    /// <summary>API group of every OTR custom resource.</summary>
    public const string Group = "otr.dev";

    /// <summary>The served and stored version.</summary>
    public const string Version = "v1alpha1";

    /// <summary><c>apiVersion</c> of the OTR resources.</summary>
    public const string ApiVersion = Group + "/" + Version;

    /// <summary>Kind of the cluster-scoped node pool resource.</summary>
    public const string TeeNodePoolKind = "TeeNodePool";

    /// <summary>Plural (URL segment) of <see cref="TeeNodePoolKind"/>.</summary>
    public const string TeeNodePoolPlural = "teenodepools";

    /// <summary>Kind of the namespaced model resource.</summary>
    public const string InferenceModelKind = "InferenceModel";

    /// <summary>Plural (URL segment) of <see cref="InferenceModelKind"/>.</summary>
    public const string InferenceModelPlural = "inferencemodels";

    /// <summary>Value of <c>app.kubernetes.io/managed-by</c> on everything the operator creates.</summary>
    public const string ManagedBy = "otr-operator";

    /// <summary>Label naming the InferenceModel an executor object belongs to.</summary>
    public const string ModelLabel = "otr.dev/model";

    /// <summary>Label naming the TeeNodePool an executor workload runs on.</summary>
    public const string PoolLabel = "otr.dev/pool";

    /// <summary>Annotation holding the hash of the desired spec the operator last wrote (drift detection).</summary>
    public const string SpecHashAnnotation = "otr.dev/spec-hash";
}
