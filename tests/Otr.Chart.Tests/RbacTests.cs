using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>The operator's RBAC equals the operator/chart contract exactly, without wildcards.</summary>
public sealed class RbacTests
{
    private static readonly string[] Crud = ["get", "list", "watch", "create", "update", "patch", "delete"];

    /// <summary>The contract's ClusterRole as (apiGroup, resource, verb) triples.</summary>
    private static readonly HashSet<(string, string, string)> ClusterContract =
    [
        .. Triples("otr.dev", ["teenodepools", "inferencemodels"], ["get", "list", "watch", "update", "patch"]),
        .. Triples("otr.dev", ["teenodepools/status", "inferencemodels/status"], ["get", "update", "patch"]),
        .. Triples("otr.dev", ["inferencemodels/finalizers", "teenodepools/finalizers"], ["update"]),
        .. Triples("apps", ["deployments", "statefulsets"], Crud),
        .. Triples("", ["services"], Crud),
        .. Triples("", ["nodes"], ["get", "list", "watch"]),
        .. Triples("", ["events"], ["create", "patch"]),
        .. Triples("events.k8s.io", ["events"], ["create", "patch"]),
        .. Triples("policy", ["poddisruptionbudgets"], Crud),
    ];

    /// <summary>The contract's Role in the release namespace.</summary>
    private static readonly HashSet<(string, string, string)> NamespaceContract =
    [
        .. Triples("", ["configmaps"], ["get", "list", "watch", "create", "update", "patch"]),
        .. Triples("coordination.k8s.io", ["leases"], ["get", "list", "watch", "create", "update", "patch"]),
    ];

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void The_cluster_role_grants_exactly_the_contract(string set)
    {
        var role = Helm.Render(Helm.ValuesFile(set)).Get("ClusterRole", $"{Helm.Fullname}-operator");
        Assert.Equal(ClusterContract.Order(), Grants(role).Order());
    }

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void The_namespace_role_grants_exactly_the_contract_in_the_release_namespace(string set)
    {
        var role = Helm.Render(Helm.ValuesFile(set)).Get("Role", $"{Helm.Fullname}-operator");
        Assert.Equal(Helm.Namespace, role.Namespace);
        Assert.Equal(NamespaceContract.Order(), Grants(role).Order());
    }

    [Fact]
    public void Bindings_give_the_roles_to_the_operator_service_account_only()
    {
        var render = Helm.Render();
        foreach (var (kind, roleKind) in new[] { ("ClusterRoleBinding", "ClusterRole"), ("RoleBinding", "Role") })
        {
            var binding = render.Get(kind, $"{Helm.Fullname}-operator");
            Assert.Equal(roleKind, (string)binding.Json["roleRef"]!["kind"]!);
            Assert.Equal($"{Helm.Fullname}-operator", (string)binding.Json["roleRef"]!["name"]!);
            var subject = Assert.Single(binding.Json["subjects"]!.AsArray());
            Assert.Equal("ServiceAccount", (string)subject!["kind"]!);
            Assert.Equal($"{Helm.Fullname}-operator", (string)subject["name"]!);
            Assert.Equal(Helm.Namespace, (string)subject["namespace"]!);
        }

        Assert.Equal(2, render.All.Count(o => o.Kind is "ClusterRoleBinding" or "RoleBinding"));
    }

    [Fact]
    public void Grants_rejects_wildcards_and_extra_rule_fields()
    {
        var wildcard = new K8sObject(new JsonObject
        {
            ["kind"] = "Role",
            ["metadata"] = new JsonObject { ["name"] = "x" },
            ["rules"] = new JsonArray(new JsonObject { ["apiGroups"] = new JsonArray(""), ["resources"] = new JsonArray("*"), ["verbs"] = new JsonArray("get") }),
        });
        Assert.Contains("wildcard", Assert.ThrowsAny<Exception>(() => Grants(wildcard)).Message, StringComparison.Ordinal);
        var names = new K8sObject(new JsonObject
        {
            ["kind"] = "Role",
            ["metadata"] = new JsonObject { ["name"] = "x" },
            ["rules"] = new JsonArray(new JsonObject
            {
                ["apiGroups"] = new JsonArray(""),
                ["resources"] = new JsonArray("secrets"),
                ["verbs"] = new JsonArray("get"),
                ["resourceNames"] = new JsonArray("a"),
            }),
        });
        Assert.Contains("resourceNames", Assert.ThrowsAny<Exception>(() => Grants(names)).Message, StringComparison.Ordinal);
    }

    /// <summary>The (apiGroup, resource, verb) triples a role grants; fails on wildcards or fields the contract does not use.</summary>
    private static List<(string, string, string)> Grants(K8sObject role)
    {
        var grants = new List<(string, string, string)>();
        foreach (var rule in role.Json["rules"]!.AsArray().OfType<JsonObject>())
        {
            foreach (var key in rule.Select(p => p.Key))
            {
                Assert.True(key is "apiGroups" or "resources" or "verbs", $"{role}: rule field '{key}' is not part of the contract");
            }

            var groups = rule["apiGroups"]!.AsArray().Select(g => (string)g!).ToList();
            var resources = rule["resources"]!.AsArray().Select(r => (string)r!).ToList();
            var verbs = rule["verbs"]!.AsArray().Select(v => (string)v!).ToList();
            Assert.False(groups.Concat(resources).Concat(verbs).Any(v => v.Contains('*', StringComparison.Ordinal)), $"{role}: wildcard in a rule");
            grants.AddRange(from g in groups from r in resources from v in verbs select (g, r, v));
        }

        Assert.Equal(grants.Count, grants.Distinct().Count());
        return grants;
    }

    private static IEnumerable<(string, string, string)> Triples(string apiGroup, string[] resources, string[] verbs) =>
        from r in resources from v in verbs select (apiGroup, r, v);
}
