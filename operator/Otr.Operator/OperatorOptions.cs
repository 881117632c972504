namespace Otr.Operator;

/// <summary>Operator configuration (section <c>Operator</c>, plus <c>POD_NAME</c>/<c>POD_NAMESPACE</c> from the downward API).</summary>
public sealed class OperatorOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Operator";

    /// <summary>Namespace to watch InferenceModels in; empty: all namespaces.</summary>
    public string? WatchNamespace { get; set; }

    /// <summary>Name of the Lease used for leader election (in <see cref="PodNamespace"/>).</summary>
    public string LeaseName { get; set; } = "otr-operator";

    /// <summary>Executor image used when an InferenceModel names none.</summary>
    public string? ExecutorImage { get; set; }

    /// <summary>ConfigMap (in <see cref="PodNamespace"/>) the operator keeps <c>routes.json</c> in; empty: no routes published.</summary>
    public string? RoutesConfigMap { get; set; }

    /// <summary>
    /// ConfigMap (in <see cref="PodNamespace"/>) the operator keeps <c>policies.json</c> in: each scheduled model's
    /// attestation policy for the committee (<c>ModelPolicyDocument</c>); empty: no policies published.
    /// </summary>
    public string? AttestationPoliciesConfigMap { get; set; }

    /// <summary>The chain and services executors are wired to.</summary>
    public NetworkOptions Network { get; set; } = new();

    /// <summary>This pod's name: the leader-election identity (<c>POD_NAME</c>).</summary>
    public string PodName { get; set; } = Environment.MachineName;

    /// <summary>This pod's namespace: Lease and routes ConfigMap namespace (<c>POD_NAMESPACE</c>).</summary>
    public string PodNamespace { get; set; } = "default";

    /// <summary>Concurrent reconcile workers.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>Period after which every cached object is reconciled again.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lease duration of leader election.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before giving up leadership.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval between leader-election attempts.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Server-side timeout asked for each watch request; the informer resumes from the last resourceVersion after it.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>First retry delay of a failing key (doubled per failure).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest retry delay of a failing key.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>HTTP port of <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>.</summary>
    public int HttpPort { get; set; } = 8080;
}

/// <summary>Chain, bus and sequencer settings passed to executor pods (section <c>Operator:Network</c>).</summary>
public sealed class NetworkOptions
{
    /// <summary>Chain id of the EIP-712 receipt domain.</summary>
    public ulong ChainId { get; set; } = 31337;

    /// <summary>OtrRollup contract address.</summary>
    public string? RollupAddress { get; set; }

    /// <summary>ModelRegistry contract address.</summary>
    public string? ModelRegistry { get; set; }

    /// <summary>ExecutorRegistry contract address.</summary>
    public string? ExecutorRegistry { get; set; }

    /// <summary>Secret (in each InferenceModel's namespace) holding the L1 JSON-RPC URL; empty: executors run off-chain.</summary>
    public string? L1RpcSecretName { get; set; }

    /// <summary>Key of the L1 JSON-RPC URL inside <see cref="L1RpcSecretName"/>.</summary>
    public string L1RpcSecretKey { get; set; } = "url";

    /// <summary>Kafka bootstrap servers of the bus.</summary>
    public string? KafkaBootstrap { get; set; }

    /// <summary>Base URL of the sequencer.</summary>
    public string? SequencerUrl { get; set; }

    /// <summary>
    /// Attestation committee members executors collect approvals from (<c>Executor:Committee:Urls</c>); empty when the
    /// registry's verifier is not the committee's.
    /// </summary>
    public IList<string> CommitteeUrls { get; } = [];
}
