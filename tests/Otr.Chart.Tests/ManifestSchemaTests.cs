using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>
/// Every rendered object against the Kubernetes OpenAPI schemas (npm kubernetes-models, run by
/// tools/validate-manifests.mjs): field types, required fields, enums.
/// </summary>
public sealed class ManifestSchemaTests
{
    /// <summary>Kinds no built-in model covers (custom resources).</summary>
    private static readonly HashSet<string> Unchecked = ["ServiceMonitor"];

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Every_object_is_valid_for_its_kubernetes_schema(string set)
    {
        var render = Helm.Render(Helm.ValuesFile(set), ["prover.enabled=true", "metrics.serviceMonitor.enabled=true", .. CommitteeChartTests.Enabled]);
        var results = Validate(new JsonArray([.. render.All.Select(o => (JsonNode)o.Json.DeepClone())]));
        Assert.Equal(render.All.Count, results.Count);
        foreach (var result in results)
        {
            var what = $"{result["kind"]}/{result["name"]}";
            var status = (string)result["status"]!;
            if (Unchecked.Contains((string)result["kind"]!))
                Assert.Equal("unchecked", status);
            else
                Assert.True(status == "valid", $"{what}: {status} {result["error"]}");
        }
    }

    [Fact]
    public void The_validator_rejects_a_wrong_type_and_a_missing_required_field()
    {
        var objects = JsonNode.Parse("""
            [
              {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a"},
               "spec":{"selector":{},"template":{"spec":{"containers":[{"name":"c","ports":[{"containerPort":"8080"}]}]}}}},
              {"apiVersion":"v1","kind":"Service","metadata":{"name":"b"},"spec":{"ports":[{"name":"http"}]}},
              {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"c"},"spec":{"podSelector":{},"policyTypes":"Ingress"}}
            ]
            """)!.AsArray();
        var results = Validate(objects);
        Assert.All(results, r => Assert.Equal("invalid", (string)r["status"]!));
        Assert.Contains("containerPort must be integer", (string)results[0]["error"]!, StringComparison.Ordinal);
        Assert.Contains("port", (string)results[1]["error"]!, StringComparison.Ordinal);
        Assert.Contains("policyTypes must be array", (string)results[2]["error"]!, StringComparison.Ordinal);
    }

    private static List<JsonObject> Validate(JsonArray objects)
    {
        var script = Path.Combine(Repo.Root, "tools", "validate-manifests.mjs");
        Assert.True(Directory.Exists(Path.Combine(Repo.Root, "tools", "node_modules", "kubernetes-models")),
            "tools/node_modules/kubernetes-models is missing; run: bash tools/setup.sh");
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(Repo.Root, "tools"),
        };
        info.ArgumentList.Add(script);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(objects.ToJsonString());
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("validate-manifests.mjs did not finish within 60 s");
        }

        Assert.True(process.ExitCode == 0, $"validate-manifests.mjs failed ({process.ExitCode}): {stderr.Result}");
        return [.. JsonNode.Parse(stdout.Result)!.AsArray().Select(r => r!.AsObject())];
    }
}
