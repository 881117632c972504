using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>
/// The rendered NetworkPolicies, evaluated with <see cref="NetworkPolicyEvaluator"/> on the pods the chart
/// creates: exactly the flows OTR has are open (clients → sequencer, sequencer → executors, all → L1/bus,
/// operator → API server, DNS, Prometheus → /metrics), everything else is denied.
/// </summary>
public sealed class NetworkPolicyTests
{
    private const string Ns = Helm.Namespace;
    private const string Aks = "docs/examples/aks/values-aks.yaml";
    private static readonly Dictionary<string, int> Http = new() { ["http"] = 8080 };

    private sealed record Cluster(List<JsonObject> Policies, Dictionary<string, Endpoint> Pods)
    {
        public bool Allowed(Endpoint from, Endpoint to, int port, string protocol = "TCP") =>
            NetworkPolicyEvaluator.Allowed(Policies, from, to, port, protocol);
    }

    private static Cluster Load(string? valuesFile, params string[] sets)
    {
        var render = Helm.Render(valuesFile, sets);
        var pods = render.OfKind("Deployment").ToDictionary(
            d => d.Name[(Helm.Fullname.Length + 1)..],
            d => Endpoint.Pod(Ns, K8sObject.StringMap(d.Spec["template"]!["metadata"]!["labels"]), Http));
        return new Cluster([.. render.OfKind("NetworkPolicy").Select(p => p.Json)], pods);
    }

    private static Endpoint Executor(string ns) => Endpoint.Pod(ns, new Dictionary<string, string>
    {
        ["app.kubernetes.io/component"] = "executor",
        ["app.kubernetes.io/part-of"] = "otr",
        ["otr.dev/model"] = "otr-demo-q8",
    }, Http);

    private static Endpoint KubeDns => Endpoint.Pod("kube-system", new Dictionary<string, string> { ["k8s-app"] = "kube-dns" });

    private static Endpoint Kafka(string ns) => Endpoint.Pod(ns, new Dictionary<string, string> { ["app.kubernetes.io/name"] = "kafka" });

    private static Endpoint Prometheus => Endpoint.Pod("monitoring", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "prometheus" });

    private static Endpoint Stranger(string ns) => Endpoint.Pod(ns, new Dictionary<string, string> { ["app"] = "something-else" }, Http);

    [Fact]
    public void Every_component_policy_selects_its_own_pods_and_no_other()
    {
        var render = Helm.Render(null, "prover.enabled=true");
        var deployments = render.OfKind("Deployment").ToList();
        foreach (var component in new[] { "operator", "sequencer", "challenger", "prover" })
        {
            var policy = render.Get("NetworkPolicy", $"{Helm.Fullname}-{component}");
            var selected = deployments.Where(d => LabelSelector.Matches(policy.Spec["podSelector"], K8sObject.StringMap(d.Spec["template"]!["metadata"]!["labels"])))
                .Select(d => d.Name);
            Assert.Equal([$"{Helm.Fullname}-{component}"], selected);
            Assert.Equal(["Ingress", "Egress"], policy.Spec["policyTypes"]!.AsArray().Select(t => (string)t!));
        }

        var deny = render.Get("NetworkPolicy", $"{Helm.Fullname}-default-deny");
        Assert.Equal(new JsonObject().ToJsonString(), deny.Spec["podSelector"]!.ToJsonString());
        Assert.Null(deny.Spec["ingress"]);
        Assert.Null(deny.Spec["egress"]);
    }

    [Fact]
    public void Default_values_open_exactly_the_flows_otr_has()
    {
        var c = Load(null, "prover.enabled=true");
        var (op, seq, chal, prover) = (c.Pods["operator"], c.Pods["sequencer"], c.Pods["challenger"], c.Pods["prover"]);
        var client = Endpoint.External("203.0.113.7");
        var l1 = Endpoint.External("198.51.100.10");
        var executor = Executor(Ns);

        // clients → sequencer (anyone, by default), and nothing else of OTR
        Assert.True(c.Allowed(client, seq, 8080));
        Assert.True(c.Allowed(Stranger("shop"), seq, 8080));
        Assert.False(c.Allowed(client, seq, 9090));
        foreach (var closed in new[] { op, chal, prover, executor })
            Assert.False(c.Allowed(client, closed, 8080));

        // sequencer → executors; nobody else reaches an executor
        Assert.True(c.Allowed(seq, executor, 8080));
        Assert.False(c.Allowed(seq, executor, 22));
        foreach (var other in new[] { op, chal, prover, Stranger(Ns), Stranger("shop") })
            Assert.False(c.Allowed(other, executor, 8080), "only the sequencer may call executors");

        // all → L1 and bus; DNS for everyone
        foreach (var pod in new[] { seq, chal, prover, executor })
        {
            Assert.True(c.Allowed(pod, l1, 443));
            Assert.True(c.Allowed(pod, l1, 8545));
            Assert.False(c.Allowed(pod, l1, 25));
            Assert.True(c.Allowed(pod, KubeDns, 53, "UDP"));
        }

        foreach (var pod in new[] { seq, chal, prover })
            Assert.True(c.Allowed(pod, Kafka("kafka"), 9092));
        Assert.False(c.Allowed(executor, Kafka("kafka"), 9092));
        Assert.False(c.Allowed(Kafka("kafka"), seq, 9092));

        // operator → API server only (plus DNS)
        Assert.True(c.Allowed(op, Endpoint.External("10.0.0.1"), 443));
        Assert.True(c.Allowed(op, KubeDns, 53, "UDP"));
        Assert.False(c.Allowed(op, l1, 8545));
        Assert.False(c.Allowed(op, seq, 8080));
        Assert.False(c.Allowed(op, Kafka("kafka"), 9092));

        // components do not call each other
        Assert.False(c.Allowed(chal, seq, 8080));
        Assert.False(c.Allowed(executor, seq, 8080));

        // Prometheus scrapes everyone; the default deny closes the rest of the namespace
        foreach (var pod in new[] { op, seq, chal, prover, executor })
            Assert.True(c.Allowed(Prometheus, pod, 8080));
        Assert.False(c.Allowed(Stranger(Ns), l1, 443));
        Assert.False(c.Allowed(client, Stranger(Ns), 8080));
    }

    [Fact]
    public void The_aks_example_narrows_clients_and_l1_and_covers_the_executor_namespace()
    {
        var c = Load(Aks);
        var seq = c.Pods["sequencer"];
        var ingress = Endpoint.Pod("ingress-nginx", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "ingress-nginx" });
        Assert.True(c.Allowed(ingress, seq, 8080));
        Assert.False(c.Allowed(Endpoint.External("203.0.113.7"), seq, 8080));
        Assert.False(c.Allowed(Stranger("shop"), seq, 8080));

        var executor = Executor("otr-models");
        Assert.True(c.Allowed(seq, executor, 8080));
        Assert.False(c.Allowed(Stranger("otr-models"), executor, 8080));
        Assert.False(c.Allowed(c.Pods["challenger"], executor, 8080));
        Assert.True(c.Allowed(executor, Endpoint.External("198.51.100.10"), 443));
        Assert.False(c.Allowed(executor, Endpoint.External("198.51.100.10"), 8545), "the AKS example allows HTTPS to L1 only");
        Assert.False(c.Allowed(executor, Endpoint.External("10.1.2.3"), 443), "private ranges are excluded from L1 egress");
        // executors in a namespace nobody listed are not reachable: no policy there lets the sequencer out to them
        Assert.False(c.Allowed(seq, Executor("elsewhere"), 8080));
    }

    [Fact]
    public void Policies_disabled_render_none()
    {
        Assert.Empty(Helm.Render(null, "networkPolicy.enabled=false").OfKind("NetworkPolicy"));
    }
}
