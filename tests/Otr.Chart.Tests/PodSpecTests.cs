using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>Every rendered pod: probes on the health endpoints, resource requests, restricted pod security.</summary>
public sealed class PodSpecTests
{
    /// <summary>Deployments of a values set, with the prover and the committee switched on so they are checked too.</summary>
    private static IEnumerable<K8sObject> Deployments(string set) =>
        Helm.Render(Helm.ValuesFile(set), ["prover.enabled=true", .. CommitteeChartTests.Enabled]).OfKind("Deployment");

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Every_container_probes_healthz_and_readyz_on_its_http_port(string set)
    {
        foreach (var deployment in Deployments(set))
        {
            foreach (var (path, container) in RestrictedPodSecurity.Containers(deployment.Spec["template"]!["spec"]!))
            {
                var where = $"{deployment}/{path}";
                var port = Assert.Single(container["ports"]!.AsArray());
                Assert.Equal("http", (string)port!["name"]!);
                Assert.Equal(8080L, (long)port["containerPort"]!);
                AssertProbe(container, "livenessProbe", "/healthz", where);
                AssertProbe(container, "readinessProbe", "/readyz", where);
                AssertProbe(container, "startupProbe", "/healthz", where);
            }
        }
    }

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Every_container_requests_cpu_and_memory_and_limits_memory(string set)
    {
        foreach (var deployment in Deployments(set))
        {
            foreach (var (path, container) in RestrictedPodSecurity.Containers(deployment.Spec["template"]!["spec"]!))
            {
                var requests = container["resources"]?["requests"];
                Assert.False(string.IsNullOrEmpty(requests?["cpu"]?.ToString()), $"{deployment}/{path}: no cpu request");
                Assert.False(string.IsNullOrEmpty(requests?["memory"]?.ToString()), $"{deployment}/{path}: no memory request");
                Assert.False(string.IsNullOrEmpty(container["resources"]?["limits"]?["memory"]?.ToString()), $"{deployment}/{path}: no memory limit");
            }
        }
    }

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Every_pod_meets_the_restricted_pod_security_standard_with_a_read_only_root(string set)
    {
        foreach (var deployment in Deployments(set))
        {
            var spec = deployment.Spec["template"]!["spec"]!;
            Assert.Empty(RestrictedPodSecurity.Violations(spec).Select(v => $"{deployment}: {v}"));
            Assert.Empty(RestrictedPodSecurity.HardeningViolations(spec).Select(v => $"{deployment}: {v}"));
            // The explicit settings the brief names, on every container (not only inherited from the pod).
            foreach (var (path, container) in RestrictedPodSecurity.Containers(spec))
            {
                var sc = container["securityContext"]!;
                Assert.True((bool)sc["runAsNonRoot"]!, $"{deployment}/{path}");
                Assert.Equal("RuntimeDefault", (string)sc["seccompProfile"]!["type"]!);
                Assert.False((bool)sc["allowPrivilegeEscalation"]!);
                Assert.Equal(["ALL"], sc["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!));
            }
        }
    }

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Only_the_operator_gets_a_service_account_token(string set)
    {
        foreach (var deployment in Deployments(set))
        {
            var spec = deployment.Spec["template"]!["spec"]!;
            var isOperator = deployment.Name == $"{Helm.Fullname}-operator";
            Assert.Equal(isOperator, (bool)spec["automountServiceAccountToken"]!);
            Assert.Equal(isOperator ? $"{Helm.Fullname}-operator" : $"{Helm.Fullname}-workload", (string)spec["serviceAccountName"]!);
        }
    }

    [Fact]
    public void Single_writer_components_are_replaced_not_rolled()
    {
        var render = Helm.Render();
        foreach (var name in new[] { "sequencer", "challenger" })
            Assert.Equal("Recreate", (string)render.Get("Deployment", $"{Helm.Fullname}-{name}").Spec["strategy"]!["type"]!);
    }

    private static void AssertProbe(JsonObject container, string probe, string path, string where)
    {
        var get = container[probe]?["httpGet"];
        Assert.True(get is not null, $"{where}: no {probe}.httpGet");
        Assert.Equal(path, (string)get!["path"]!);
        Assert.Equal("http", (string)get["port"]!);
    }
}
