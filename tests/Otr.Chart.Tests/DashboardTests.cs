using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Otr.Chart.Tests;

/// <summary>The Grafana dashboard ConfigMap: valid JSON, well-formed panels, metrics the services really export.</summary>
public sealed partial class DashboardTests
{
    private static JsonObject Dashboard(out K8sObject configMap)
    {
        configMap = Helm.Render().Get("ConfigMap", $"{Helm.Fullname}-dashboard");
        var text = (string)configMap.Json["data"]!["otr-overview.json"]!;
        var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        return Assert.IsType<JsonObject>(node);
    }

    [Fact]
    public void The_dashboard_is_valid_json_with_the_sidecar_label()
    {
        var dashboard = Dashboard(out var configMap);
        Assert.Equal("1", configMap.Labels["grafana_dashboard"]);
        Assert.Equal("otr-overview", (string)dashboard["uid"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)dashboard["title"]));
        var variables = dashboard["templating"]!["list"]!.AsArray().Select(v => (string)v!["name"]!);
        Assert.Equal(["datasource", "namespace"], variables);
    }

    [Fact]
    public void Panels_have_unique_ids_fit_the_grid_and_query_the_release_namespace()
    {
        var panels = Dashboard(out _)["panels"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(panels.Count, panels.Select(p => (int)p["id"]!).Distinct().Count());
        var queries = 0;
        foreach (var panel in panels)
        {
            var grid = panel["gridPos"]!;
            Assert.InRange((int)grid["x"]! + (int)grid["w"]!, 1, 24);
            if ((string)panel["type"]! == "row")
                continue;
            Assert.Equal("${datasource}", (string)panel["datasource"]!["uid"]!);
            var targets = panel["targets"]!.AsArray();
            Assert.NotEmpty(targets);
            foreach (var target in targets)
            {
                var expr = (string)target!["expr"]!;
                Assert.Contains("namespace=\"$namespace\"", expr, StringComparison.Ordinal);
                queries++;
            }
        }

        Assert.True(queries >= 10, $"only {queries} queries");
    }

    [Fact]
    public void Every_otr_metric_on_the_dashboard_is_an_instrument_of_a_service()
    {
        var instruments = InstrumentNames();
        Assert.Contains("otr.sequencer.requests", instruments);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var panel in Dashboard(out _)["panels"]!.AsArray().OfType<JsonObject>())
        {
            foreach (var target in panel["targets"]?.AsArray() ?? [])
            {
                foreach (Match m in PromMetric().Matches((string)target!["expr"]!))
                {
                    var instrument = ToInstrument(m.Value, instruments);
                    Assert.True(instrument is not null, $"dashboard metric {m.Value} is no instrument of services/ (have: {string.Join(", ", instruments)})");
                    used.Add(instrument!);
                }
            }
        }

        // Every service with instruments has panels.
        var services = instruments.Select(i => i.Split('.')[1]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(services.Order(StringComparer.Ordinal), used.Select(i => i.Split('.')[1]).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The OpenTelemetry instrument a Prometheus series name comes from: dots become underscores, and the
    /// exporter appends the unit (ms → _milliseconds) and _total (counters) or _bucket/_sum/_count (histograms).
    /// </summary>
    private static string? ToInstrument(string series, HashSet<string> instruments)
    {
        foreach (var instrument in instruments)
        {
            var basename = instrument.Replace('.', '_');
            foreach (var unit in new[] { "", "_milliseconds" })
            {
                foreach (var suffix in new[] { "", "_total", "_bucket", "_sum", "_count" })
                {
                    if (series == basename + unit + suffix)
                        return instrument;
                }
            }
        }

        return null;
    }

    /// <summary>Instrument names ("otr.&lt;service&gt;.&lt;name&gt;") declared as string constants in services/.</summary>
    private static HashSet<string> InstrumentNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "services"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match m in InstrumentConstant().Matches(File.ReadAllText(file)))
                names.Add(m.Groups[1].Value);
        }

        return names;
    }

    [GeneratedRegex(@"\botr_[a-z_]+")]
    private static partial Regex PromMetric();

    [GeneratedRegex(@"const string \w+ = ""(otr\.[a-z]+\.[a-z_]+)""")]
    private static partial Regex InstrumentConstant();
}
