using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>
/// The optional attestation committee member: rendered only when enabled; mounts the operator's policies ConfigMap
/// (and makes the operator write it), its key from a Secret and the collateral from a ConfigMap or a claim; reachable
/// only by executors (and Prometheus); wrong values are refused naming the key.
/// </summary>
public sealed class CommitteeChartTests
{
    /// <summary>The values that switch the committee on with everything it requires (the other chart tests use them too).</summary>
    public static readonly string[] Enabled =
    [
        "committee.enabled=true",
        "committee.verifierAddress=0x2222222222222222222222222222222222222222",
        "committee.collateral.configMap=otr-collateral",
        "committee.collateral.items[0].key=snp-milan",
        "committee.collateral.items[0].path=sev-snp/Milan.pem",
    ];

    private const string Name = Helm.Fullname + "-committee";
    private static readonly Dictionary<string, int> Http = new() { ["http"] = 8080 };

    [Fact]
    public void Not_rendered_by_default_and_the_operator_writes_no_policies()
    {
        var render = Helm.Render();
        Assert.DoesNotContain(render.All, o => o.Name == Name);
        Assert.Null(Env(Container(render.Get("Deployment", $"{Helm.Fullname}-operator")), "Operator__AttestationPoliciesConfigMap"));
        Assert.Null(Env(Container(render.Get("Deployment", $"{Helm.Fullname}-operator")), "Operator__Network__CommitteeUrls__0"));
    }

    [Fact]
    public void Enabled_member_mounts_the_operators_policies_its_key_and_the_collateral()
    {
        var render = Helm.Render(null, Enabled);
        var deployment = render.Get("Deployment", Name);
        var spec = deployment.Spec["template"]!["spec"]!;
        var container = Container(deployment);
        var policies = Env(Container(render.Get("Deployment", $"{Helm.Fullname}-operator")), "Operator__AttestationPoliciesConfigMap");
        Assert.Equal($"{Helm.Fullname}-attestation-policies", policies);

        // The operator hands the member's in-cluster URL to every executor it creates (Executor:Committee:Urls).
        var memberService = render.Get("Service", Name);
        Assert.Equal(
            $"http://{memberService.Name}.{Helm.Namespace}.svc:{(long)memberService.Spec["ports"]![0]!["port"]!}",
            Env(Container(render.Get("Deployment", $"{Helm.Fullname}-operator")), "Operator__Network__CommitteeUrls__0"));
        Assert.Equal(policies, (string)Volume(spec, "policies")["configMap"]!["name"]!);
        Assert.Equal("/etc/otr/policies/policies.json", Env(container, "Committee__PoliciesFile"));
        Assert.Equal("/etc/otr/policies", Mount(container, "policies"));
        Assert.Null(MountNode(container, "policies")["subPath"]);

        Assert.Equal("otr-committee-member-key", (string)Volume(spec, "member-key")["secret"]!["secretName"]!);
        Assert.Equal("/var/run/secrets/otr/member/private-key", Env(container, "Committee__MemberKeyFile"));
        Assert.Equal("otr-collateral", (string)Volume(spec, "collateral")["configMap"]!["name"]!);
        Assert.Equal("sev-snp/Milan.pem", (string)Volume(spec, "collateral")["configMap"]!["items"]![0]!["path"]!);
        Assert.Equal("/etc/otr/collateral", Env(container, "Committee__CollateralDirectory"));
        Assert.Equal("0x2222222222222222222222222222222222222222", Env(container, "Committee__VerifierAddress"));
        Assert.Equal("31337", Env(container, "Committee__ChainId"));

        Assert.Empty(RestrictedPodSecurity.Violations(spec));
        Assert.Empty(RestrictedPodSecurity.HardeningViolations(spec));
        Assert.False((bool)spec["automountServiceAccountToken"]!);
        var service = render.Get("Service", Name);
        Assert.Equal(8080L, (long)service.Spec["ports"]![0]!["port"]!);
        Assert.True(LabelSelector.Matches(new JsonObject { ["matchLabels"] = service.Spec["selector"]!.DeepClone() }, K8sObject.StringMap(deployment.Spec["template"]!["metadata"]!["labels"])));
    }

    [Fact]
    public void Collateral_from_a_claim_is_mounted_read_only()
    {
        var sets = Enabled.Where(s => !s.StartsWith("committee.collateral", StringComparison.Ordinal)).Append("committee.collateral.claimName=collateral").ToArray();
        var spec = Helm.Render(null, sets).Get("Deployment", Name).Spec["template"]!["spec"]!;
        var claim = Volume(spec, "collateral")["persistentVolumeClaim"]!;
        Assert.Equal("collateral", (string)claim["claimName"]!);
        Assert.True((bool)claim["readOnly"]!);
        Assert.Null(Volume(spec, "collateral")["configMap"]);
    }

    [Theory]
    [InlineData("committee.verifierAddress=0x12", "/committee/verifierAddress", "does not match pattern")]
    [InlineData("committee.replicas=-1", "/committee/replicas", "minimum")]
    [InlineData("committee.collateral.claimName=Not_A_Name", "/committee/collateral/claimName", "")]
    [InlineData("committee.memberKeySecret.name=Bad_Secret", "/committee/memberKeySecret/name", "does not match pattern")]
    [InlineData("committee.policies=x", "/committee", "additional properties 'policies' not allowed")]
    public void The_schema_rejects_a_bad_committee_value_naming_it(string set, string path, string reason)
    {
        var result = Helm.Template(null, set);
        Assert.False(result.Succeeded, $"--set {set} rendered");
        Assert.Contains($"at '{path}':", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "committee.enabled=true", "committee.collateral.configMap=c" }, "committee.verifierAddress: set the CommitteeAttestationVerifier address")]
    [InlineData(new[] { "committee.enabled=true", "committee.verifierAddress=0x2222222222222222222222222222222222222222" }, "committee.collateral: set exactly one of committee.collateral.configMap and committee.collateral.claimName")]
    [InlineData(new[] { "committee.enabled=true", "committee.verifierAddress=0x2222222222222222222222222222222222222222", "committee.collateral.configMap=c", "committee.collateral.claimName=d" }, "committee.collateral: set exactly one of")]
    public void Incomplete_committee_values_fail_naming_the_keys(string[] sets, string message)
    {
        var result = Helm.Template(null, sets);
        Assert.False(result.Succeeded, $"--set {string.Join(' ', sets)} rendered");
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_executors_and_prometheus_reach_the_member_and_it_reaches_only_dns()
    {
        var render = Helm.Render(null, [.. Enabled, "networkPolicy.executorNamespaces[0]=models"]);
        var policies = render.OfKind("NetworkPolicy").Select(p => p.Json).ToList();
        var pods = render.OfKind("Deployment").ToDictionary(d => d.Name[(Helm.Fullname.Length + 1)..], d => Endpoint.Pod(Helm.Namespace, K8sObject.StringMap(d.Spec["template"]!["metadata"]!["labels"]), Http));
        var member = pods["committee"];
        var prometheus = Endpoint.Pod("monitoring", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "prometheus" });
        var dns = Endpoint.Pod("kube-system", new Dictionary<string, string> { ["k8s-app"] = "kube-dns" });

        foreach (var ns in new[] { Helm.Namespace, "models" })
            Assert.True(NetworkPolicyEvaluator.Allowed(policies, Executor(ns), member, 8080), $"executor in {ns} → committee");
        Assert.False(NetworkPolicyEvaluator.Allowed(policies, Executor("elsewhere"), member, 8080));
        Assert.False(NetworkPolicyEvaluator.Allowed(policies, Executor(Helm.Namespace), member, 22));
        Assert.True(NetworkPolicyEvaluator.Allowed(policies, prometheus, member, 8080));
        foreach (var other in new[] { "sequencer", "challenger", "operator" })
            Assert.False(NetworkPolicyEvaluator.Allowed(policies, pods[other], member, 8080), $"{other} → committee");
        Assert.False(NetworkPolicyEvaluator.Allowed(policies, Endpoint.External("203.0.113.7"), member, 8080));
        Assert.True(NetworkPolicyEvaluator.Allowed(policies, member, dns, 53, "UDP"));
        Assert.False(NetworkPolicyEvaluator.Allowed(policies, member, Endpoint.External("198.51.100.10"), 443));
        Assert.False(NetworkPolicyEvaluator.Allowed(policies, member, pods["sequencer"], 8080));

        // Without the committee, executors reach no such pod.
        var off = Helm.Render().OfKind("NetworkPolicy").Select(p => p.Json).ToList();
        Assert.False(NetworkPolicyEvaluator.Allowed(off, Executor(Helm.Namespace), member, 8080));
    }

    private static Endpoint Executor(string ns) => Endpoint.Pod(ns, new Dictionary<string, string>
    {
        ["app.kubernetes.io/component"] = "executor",
        ["app.kubernetes.io/part-of"] = "otr",
    }, Http);

    private static JsonObject Container(K8sObject deployment) => deployment.Spec["template"]!["spec"]!["containers"]![0]!.AsObject();

    private static string? Env(JsonObject container, string name) =>
        container["env"]!.AsArray().Where(e => (string)e!["name"]! == name).Select(e => (string?)e!["value"]).SingleOrDefault();

    private static JsonNode Volume(JsonNode spec, string name) => spec["volumes"]!.AsArray().Single(v => (string)v!["name"]! == name)!;

    private static JsonNode MountNode(JsonObject container, string name) => container["volumeMounts"]!.AsArray().Single(m => (string)m!["name"]! == name)!;

    private static string Mount(JsonObject container, string name) => (string)MountNode(container, name)["mountPath"]!;
}
