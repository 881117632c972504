using System.Net;
using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>The pure functions the chart tests rely on, each shown to accept and to reject.</summary>
public sealed class PureFunctionTests
{
    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    private static Dictionary<string, string> L(params (string, string)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void Yaml_types_scalars_the_way_kubernetes_reads_them()
    {
        var doc = Assert.Single(Yaml.ParseDocuments("""
            ---
            # comment only documents are skipped
            ---
            a: 1
            b: "1"
            c: 0440
            d: true
            e: 'true'
            f: ~
            g: 0.5
            h: 00:00:10
            i: [x, 2]
            """));
        Assert.Equal(1L, (long)doc["a"]!);
        Assert.Equal("1", (string)doc["b"]!);
        Assert.Equal(288L, (long)doc["c"]!);
        Assert.True((bool)doc["d"]!);
        Assert.Equal("true", (string)doc["e"]!);
        Assert.Null(doc["f"]);
        Assert.Equal(0.5, (double)doc["g"]!);
        Assert.Equal("00:00:10", (string)doc["h"]!);
        Assert.Equal(2L, (long)doc["i"]![1]!);
    }

    [Fact]
    public void Yaml_rejects_duplicate_keys_and_non_mapping_documents()
    {
        Assert.Contains("Duplicate key a", Assert.Throws<InvalidDataException>(() => Yaml.ParseDocuments("a: 1\na: 2\n")).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => Yaml.ParseDocuments("- 1\n- 2\n"));
    }

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{"matchLabels":{"app":"a"}}""", true)]
    [InlineData("""{"matchLabels":{"app":"b"}}""", false)]
    [InlineData("""{"matchLabels":{"app":"a","tier":"x"}}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"app","operator":"In","values":["a","b"]}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"app","operator":"NotIn","values":["a"]}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"tier","operator":"NotIn","values":["a"]}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"app","operator":"Exists"}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"app","operator":"DoesNotExist"}]}""", false)]
    [InlineData("""{"matchLabels":{"app":"a"},"matchExpressions":[{"key":"tier","operator":"Exists"}]}""", false)]
    public void Label_selectors_match_like_kubernetes(string selector, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Matches(J(selector), L(("app", "a"))));
    }

    [Fact]
    public void A_null_selector_matches_nothing_and_unknown_fields_are_errors()
    {
        Assert.False(LabelSelector.Matches(null, L(("app", "a"))));
        Assert.Throws<ArgumentException>(() => LabelSelector.Matches(J("""{"matchLabel":{"app":"a"}}"""), L()));
        Assert.Throws<ArgumentException>(() => LabelSelector.Matches(J("""{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}"""), L()));
    }

    [Theory]
    [InlineData("10.1.2.3", "10.0.0.0/8", true)]
    [InlineData("11.1.2.3", "10.0.0.0/8", false)]
    [InlineData("192.168.1.1", "0.0.0.0/0", true)]
    [InlineData("172.31.255.255", "172.16.0.0/12", true)]
    [InlineData("172.32.0.0", "172.16.0.0/12", false)]
    [InlineData("10.0.0.1", "10.0.0.1/32", true)]
    [InlineData("10.0.0.2", "10.0.0.1/32", false)]
    public void Cidr_membership(string ip, string cidr, bool expected)
    {
        Assert.Equal(expected, NetworkPolicyEvaluator.InCidr(IPAddress.Parse(ip), cidr));
    }

    private static readonly Dictionary<string, int> Http = new() { ["http"] = 8080 };

    private static JsonObject Policy(string ns, string json)
    {
        var policy = J(json).AsObject();
        policy["metadata"] = new JsonObject { ["namespace"] = ns };
        return policy;
    }

    [Fact]
    public void Unselected_pods_are_open_and_a_selecting_policy_closes_them()
    {
        var a = Endpoint.Pod("ns", L(("app", "a")), Http);
        var b = Endpoint.Pod("ns", L(("app", "b")), Http);
        Assert.True(NetworkPolicyEvaluator.Allowed([], a, b, 8080));
        var denyB = Policy("ns", """{"spec":{"podSelector":{"matchLabels":{"app":"b"}},"policyTypes":["Ingress"]}}""");
        Assert.False(NetworkPolicyEvaluator.Allowed([denyB], a, b, 8080));
        Assert.True(NetworkPolicyEvaluator.Allowed([denyB], b, a, 8080));
        // a policy in another namespace does not apply
        Assert.True(NetworkPolicyEvaluator.Allowed([Policy("other", """{"spec":{"podSelector":{},"policyTypes":["Ingress","Egress"]}}""")], a, b, 8080));
    }

    [Fact]
    public void Rules_match_on_peers_and_ports_including_named_ports()
    {
        var a = Endpoint.Pod("ns", L(("app", "a")), Http);
        var b = Endpoint.Pod("ns", L(("app", "b")), Http);
        var c = Endpoint.Pod("other", L(("app", "a")), Http);
        var allowAtoB = Policy("ns", """
            {"spec":{"podSelector":{"matchLabels":{"app":"b"}},"policyTypes":["Ingress"],
              "ingress":[{"from":[{"podSelector":{"matchLabels":{"app":"a"}}}],"ports":[{"port":"http","protocol":"TCP"}]}]}}
            """);
        Assert.True(NetworkPolicyEvaluator.Allowed([allowAtoB], a, b, 8080));
        Assert.False(NetworkPolicyEvaluator.Allowed([allowAtoB], a, b, 9090));
        Assert.False(NetworkPolicyEvaluator.Allowed([allowAtoB], a, b, 8080, "UDP"));
        Assert.False(NetworkPolicyEvaluator.Allowed([allowAtoB], c, b, 8080), "podSelector alone means the policy's namespace");

        var fromOther = Policy("ns", """
            {"spec":{"podSelector":{"matchLabels":{"app":"b"}},"policyTypes":["Ingress"],
              "ingress":[{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"other"}},"podSelector":{"matchLabels":{"app":"a"}}}],"ports":[{"port":8000,"endPort":8100}]}]}}
            """);
        Assert.True(NetworkPolicyEvaluator.Allowed([fromOther], c, b, 8080));
        Assert.False(NetworkPolicyEvaluator.Allowed([fromOther], a, b, 8080));
        Assert.False(NetworkPolicyEvaluator.Allowed([fromOther], c, b, 8101));
    }

    [Fact]
    public void Egress_needs_its_own_allowance_and_ip_blocks_honour_except()
    {
        var a = Endpoint.Pod("ns", L(("app", "a")), Http);
        var egress = Policy("ns", """
            {"spec":{"podSelector":{},"policyTypes":["Egress"],
              "egress":[{"to":[{"ipBlock":{"cidr":"0.0.0.0/0","except":["10.0.0.0/8"]}}],"ports":[{"port":443}]}]}}
            """);
        Assert.True(NetworkPolicyEvaluator.Allowed([egress], a, Endpoint.External("8.8.8.8"), 443));
        Assert.False(NetworkPolicyEvaluator.Allowed([egress], a, Endpoint.External("10.1.1.1"), 443));
        Assert.False(NetworkPolicyEvaluator.Allowed([egress], a, Endpoint.External("8.8.8.8"), 80));
        Assert.False(NetworkPolicyEvaluator.Allowed([egress], a, Endpoint.Pod("ns", L(("app", "b"))), 443), "ipBlock does not match pods");
    }

    private const string CompliantPod = """
        {"securityContext":{"runAsNonRoot":true,"runAsUser":1654,"seccompProfile":{"type":"RuntimeDefault"}},
         "containers":[{"name":"c","ports":[{"containerPort":8080}],
           "securityContext":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"capabilities":{"drop":["ALL"]}},
           "volumeMounts":[{"name":"tmp","mountPath":"/tmp"}]}],
         "volumes":[{"name":"tmp","emptyDir":{}}]}
        """;

    [Fact]
    public void A_compliant_pod_has_no_violations()
    {
        Assert.Empty(RestrictedPodSecurity.Violations(J(CompliantPod)));
        Assert.Empty(RestrictedPodSecurity.HardeningViolations(J(CompliantPod)));
    }

    [Theory]
    [InlineData("hostNetwork", "spec.hostNetwork")]
    [InlineData("hostPath", "hostPath")]
    [InlineData("privileged", "privileged must not be true")]
    [InlineData("escalation", "allowPrivilegeEscalation must be false")]
    [InlineData("root", "runAsNonRoot must be true")]
    [InlineData("uid0", "runAsUser must not be 0")]
    [InlineData("seccomp", "seccompProfile.type")]
    [InlineData("nodrop", "capabilities.drop must include ALL")]
    [InlineData("addcap", "capabilities.add may only hold NET_BIND_SERVICE, not SYS_ADMIN")]
    [InlineData("hostport", "hostPort 80")]
    public void Each_restricted_rule_is_enforced(string mutation, string expected)
    {
        var pod = J(CompliantPod);
        var container = pod["containers"]![0]!;
        var sc = container["securityContext"]!.AsObject();
        switch (mutation)
        {
            case "hostNetwork": pod["hostNetwork"] = true; break;
            case "hostPath": pod["volumes"]!.AsArray().Add(J("""{"name":"h","hostPath":{"path":"/"}}""")); break;
            case "privileged": sc["privileged"] = true; break;
            case "escalation": sc.Remove("allowPrivilegeEscalation"); break;
            case "root": pod["securityContext"]!.AsObject().Remove("runAsNonRoot"); break;
            case "uid0": sc["runAsUser"] = 0; break;
            case "seccomp": pod["securityContext"]!["seccompProfile"]!["type"] = "Unconfined"; break;
            case "nodrop": sc["capabilities"] = J("""{"drop":["NET_RAW"]}"""); break;
            case "addcap": sc["capabilities"]!["add"] = new JsonArray("SYS_ADMIN"); break;
            case "hostport": container["ports"]![0]!["hostPort"] = 80; break;
        }

        Assert.Contains(RestrictedPodSecurity.Violations(pod), v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Hardening_needs_a_read_only_root_and_an_empty_dir_tmp()
    {
        var writable = J(CompliantPod);
        writable["containers"]![0]!["securityContext"]!["readOnlyRootFilesystem"] = false;
        Assert.Contains(RestrictedPodSecurity.HardeningViolations(writable), v => v.Contains("readOnlyRootFilesystem", StringComparison.Ordinal));
        var noTmp = J(CompliantPod);
        noTmp["containers"]![0]!["volumeMounts"] = new JsonArray();
        Assert.Contains(RestrictedPodSecurity.HardeningViolations(noTmp), v => v.Contains("/tmp", StringComparison.Ordinal));
        var pvcTmp = J(CompliantPod);
        pvcTmp["volumes"] = J("""[{"name":"tmp","persistentVolumeClaim":{"claimName":"x"}}]""");
        Assert.Contains(RestrictedPodSecurity.HardeningViolations(pvcTmp), v => v.Contains("emptyDir", StringComparison.Ordinal));
    }
}
