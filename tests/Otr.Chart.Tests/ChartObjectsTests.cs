namespace Otr.Chart.Tests;

/// <summary>`helm lint` and `helm template` of charts/otr: which objects exist, their names, labels and namespaces.</summary>
public sealed class ChartObjectsTests
{
    private const string F = Helm.Fullname;

    private static readonly string[] CommonLabels =
        ["helm.sh/chart", "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of"];

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Helm_lint_passes(string set)
    {
        var args = new List<string> { "lint", "charts/otr", "--strict", "--namespace", Helm.Namespace };
        if (Helm.ValuesFile(set) is { } file)
            args.AddRange(["--values", file]);
        var result = Helm.Run([.. args]);
        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("0 chart(s) failed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_values_render_exactly_the_expected_objects()
    {
        var render = Helm.Render();
        string[] expected =
        [
            $"ServiceAccount/{F}-operator", $"ServiceAccount/{F}-workload",
            $"ClusterRole/{F}-operator", $"ClusterRoleBinding/{F}-operator", $"Role/{F}-operator", $"RoleBinding/{F}-operator",
            $"Deployment/{F}-operator", $"Deployment/{F}-sequencer", $"Deployment/{F}-challenger",
            $"Service/{F}-operator", $"Service/{F}-sequencer", $"Service/{F}-challenger",
            $"PersistentVolumeClaim/{F}-sequencer-data", $"PersistentVolumeClaim/{F}-challenger-data",
            $"PodDisruptionBudget/{F}-sequencer",
            $"NetworkPolicy/{F}-default-deny", $"NetworkPolicy/{F}-operator", $"NetworkPolicy/{F}-sequencer",
            $"NetworkPolicy/{F}-challenger", $"NetworkPolicy/{F}-executors",
            $"ConfigMap/{F}-dashboard",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), render.All.Select(o => o.ToString()).Order(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Every_object_carries_the_common_labels_and_components_their_component(string set)
    {
        var render = Helm.Render(Helm.ValuesFile(set));
        foreach (var obj in render.All)
        {
            foreach (var label in CommonLabels)
                Assert.True(obj.Labels.ContainsKey(label), $"{obj} lacks label {label}");
            Assert.Equal("otr", obj.Labels["app.kubernetes.io/name"]);
            Assert.Equal(Helm.Release, obj.Labels["app.kubernetes.io/instance"]);
            Assert.Equal("Helm", obj.Labels["app.kubernetes.io/managed-by"]);
            Assert.Equal("otr", obj.Labels["app.kubernetes.io/part-of"]);
            foreach (var component in new[] { "operator", "sequencer", "challenger", "prover" })
            {
                if (obj.Name.StartsWith($"{F}-{component}", StringComparison.Ordinal))
                    Assert.Equal(component, obj.Labels["app.kubernetes.io/component"]);
            }
        }
    }

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Namespaced_objects_live_in_the_release_namespace_except_executor_policies_and_the_dashboard(string set)
    {
        var render = Helm.Render(Helm.ValuesFile(set));
        foreach (var obj in render.All)
        {
            if (obj.Kind is "ClusterRole" or "ClusterRoleBinding")
            {
                Assert.Null(obj.Namespace);
                continue;
            }

            if (obj.ToString() == $"NetworkPolicy/{F}-executors" || obj.ToString() == $"ConfigMap/{F}-dashboard")
                Assert.NotNull(obj.Namespace);
            else
                Assert.Equal(Helm.Namespace, obj.Namespace);
        }
    }

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Each_service_selects_exactly_its_own_component_pods(string set)
    {
        var render = Helm.Render(Helm.ValuesFile(set));
        var deployments = render.OfKind("Deployment").ToList();
        foreach (var service in render.OfKind("Service"))
        {
            var selector = service.Spec["selector"]!.AsObject();
            var selected = deployments.Where(d => LabelSelector.Matches(
                new System.Text.Json.Nodes.JsonObject { ["matchLabels"] = selector.DeepClone() },
                K8sObject.StringMap(d.Spec["template"]!["metadata"]!["labels"]))).Select(d => d.Name).ToList();
            Assert.Equal([service.Name], selected);
            var port = Assert.Single(service.Spec["ports"]!.AsArray());
            Assert.Equal("http", (string)port!["targetPort"]!);
        }
    }

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Each_deployment_selector_matches_its_pod_template(string set)
    {
        foreach (var deployment in Helm.Render(Helm.ValuesFile(set)).OfKind("Deployment"))
        {
            Assert.True(LabelSelector.Matches(deployment.Spec["selector"], K8sObject.StringMap(deployment.Spec["template"]!["metadata"]!["labels"])),
                $"{deployment}: selector does not match its pod template");
        }
    }

    [Fact]
    public void The_sequencer_pdb_selects_the_sequencer_pods_only()
    {
        var render = Helm.Render();
        var pdb = render.Get("PodDisruptionBudget", $"{F}-sequencer");
        Assert.Equal(1L, (long)pdb.Spec["minAvailable"]!);
        foreach (var deployment in render.OfKind("Deployment"))
        {
            var labels = K8sObject.StringMap(deployment.Spec["template"]!["metadata"]!["labels"]);
            Assert.Equal(deployment.Name == $"{F}-sequencer", LabelSelector.Matches(pdb.Spec["selector"], labels));
        }

        var relaxed = Helm.Render(null, "sequencer.podDisruptionBudget.maxUnavailable=1");
        var relaxedPdb = relaxed.Get("PodDisruptionBudget", $"{F}-sequencer");
        Assert.Equal(1L, (long)relaxedPdb.Spec["maxUnavailable"]!);
        Assert.Null(relaxedPdb.Spec["minAvailable"]);
        Assert.False(Helm.Render(null, "sequencer.podDisruptionBudget.enabled=false").Has("PodDisruptionBudget", $"{F}-sequencer"));
    }

    [Fact]
    public void The_prover_appears_only_when_enabled()
    {
        Assert.DoesNotContain(Helm.Render().All, o => o.Name.Contains("prover", StringComparison.Ordinal));
        var render = Helm.Render(null, "prover.enabled=true");
        render.Get("Deployment", $"{F}-prover");
        render.Get("Service", $"{F}-prover");
        render.Get("NetworkPolicy", $"{F}-prover");
    }

    [Fact]
    public void The_service_monitor_appears_only_when_enabled_and_scrapes_every_service()
    {
        Assert.Empty(Helm.Render().OfKind("ServiceMonitor"));
        var render = Helm.Render(null, "metrics.serviceMonitor.enabled=true", "metrics.serviceMonitor.labels.release=prom", "prover.enabled=true");
        var monitor = Assert.Single(render.OfKind("ServiceMonitor"));
        Assert.Equal("monitoring.coreos.com/v1", monitor.ApiVersion);
        Assert.Equal("prom", monitor.Labels["release"]);
        var endpoint = Assert.Single(monitor.Spec["endpoints"]!.AsArray());
        Assert.Equal("/metrics", (string)endpoint!["path"]!);
        Assert.Equal("http", (string)endpoint["port"]!);
        Assert.Equal([Helm.Namespace], monitor.Spec["namespaceSelector"]!["matchNames"]!.AsArray().Select(n => (string)n!));
        var scraped = render.OfKind("Service").Where(s => LabelSelector.Matches(monitor.Spec["selector"], s.Labels)).Select(s => s.Name).Order(StringComparer.Ordinal);
        Assert.Equal([$"{F}-challenger", $"{F}-operator", $"{F}-prover", $"{F}-sequencer"], scraped);
    }

    [Fact]
    public void Disabled_components_render_nothing_of_theirs()
    {
        var render = Helm.Render(null, "operator.enabled=false", "challenger.enabled=false");
        Assert.DoesNotContain(render.All, o => o.Name.Contains("operator", StringComparison.Ordinal) || o.Name.Contains("challenger", StringComparison.Ordinal));
        Assert.DoesNotContain(render.All, o => o.Kind is "ClusterRole" or "Role");
        render.Get("Deployment", $"{F}-sequencer");
    }

    [Fact]
    public void Persistence_off_uses_an_empty_dir_and_no_claim()
    {
        var render = Helm.Render(null, "sequencer.persistence.enabled=false");
        Assert.False(render.Has("PersistentVolumeClaim", $"{F}-sequencer-data"));
        var volumes = render.Get("Deployment", $"{F}-sequencer").Spec["template"]!["spec"]!["volumes"]!.AsArray();
        var data = volumes.Single(v => (string)v!["name"]! == "data");
        Assert.NotNull(data!["emptyDir"]);

        var existing = Helm.Render(null, "sequencer.persistence.existingClaim=receipts");
        Assert.False(existing.Has("PersistentVolumeClaim", $"{F}-sequencer-data"));
        var claim = existing.Get("Deployment", $"{F}-sequencer").Spec["template"]!["spec"]!["volumes"]!.AsArray()
            .Single(v => (string)v!["name"]! == "data")!["persistentVolumeClaim"]!["claimName"];
        Assert.Equal("receipts", (string)claim!);
    }

    [Fact]
    public void Persistent_claims_survive_uninstall()
    {
        foreach (var pvc in Helm.Render().OfKind("PersistentVolumeClaim"))
            Assert.Equal("keep", (string)pvc.Json["metadata"]!["annotations"]!["helm.sh/resource-policy"]!);
    }

    [Fact]
    public void Notes_name_what_is_missing_and_stop_once_it_is_set()
    {
        var bare = Helm.Run("install", Helm.Release, "charts/otr", "--namespace", Helm.Namespace, "--dry-run=client");
        Assert.True(bare.Succeeded, bare.Stderr);
        Assert.Contains("WARNING: not set yet: network.rollupAddress, network.modelRegistry, network.executorRegistry.", bare.Stdout, StringComparison.Ordinal);
        Assert.Contains("otr-sequencer-l1-key (key private-key)", bare.Stdout, StringComparison.Ordinal);
        Assert.Contains($"port-forward svc/{F}-sequencer 8080:8080", bare.Stdout, StringComparison.Ordinal);

        var aks = Helm.Run("install", Helm.Release, "charts/otr", "--namespace", Helm.Namespace, "--dry-run=client", "--values", "docs/examples/aks/values-aks.yaml");
        Assert.True(aks.Succeeded, aks.Stderr);
        Assert.DoesNotContain("not set yet", aks.Stdout, StringComparison.Ordinal);
        Assert.Contains("otr-api-keys (keys team-a, team-b)", aks.Stdout, StringComparison.Ordinal);
    }
}
