using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>The result of one helm invocation.</summary>
internal sealed record HelmResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public string Output => Stdout + Stderr;
}

/// <summary>Runs the real helm binary from tools/bin (installed by tools/setup.sh) against charts/otr.</summary>
internal static class Helm
{
    /// <summary>Release name and namespace every render uses.</summary>
    public const string Release = "demo";

    public const string Namespace = "otr-system";

    /// <summary>Prefix of the release's object names (release name + chart name).</summary>
    public const string Fullname = "demo-otr";

    /// <summary>Renders by their arguments: each distinct render runs once, even when tests ask at the same time.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<HelmResult>> Cache = new(StringComparer.Ordinal);

    public static bool Available => File.Exists(Repo.Helm);

    /// <summary>Skips the calling test when helm is genuinely missing (tools/setup.sh installs it).</summary>
    public static void Require() =>
        Assert.SkipUnless(Available, $"helm is not installed at {Repo.Helm}; run: bash tools/setup.sh");

    public static HelmResult Run(params string[] args)
    {
        Require();
        var info = new ProcessStartInfo(Repo.Helm)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        // Keep helm away from any user configuration or cache of the machine.
        var home = Path.Combine(Path.GetTempPath(), "otr-chart-tests-helm");
        info.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
        info.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
        info.Environment["HELM_DATA_HOME"] = Path.Combine(home, "data");
        info.Environment["KUBECONFIG"] = Path.Combine(home, "no-kubeconfig");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("helm did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"helm {string.Join(' ', args)} did not finish within 60 s");
        }

        return new HelmResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>`helm template` of charts/otr with an optional values file (relative to the repository root) and --set pairs.</summary>
    public static HelmResult Template(string? valuesFile = null, params string[] sets)
    {
        var args = new List<string> { "template", Release, "charts/otr", "--namespace", Namespace };
        if (valuesFile is not null)
            args.AddRange(["--values", valuesFile]);
        foreach (var set in sets)
            args.AddRange(["--set", set]);
        Require();
        return Cache.GetOrAdd(string.Join('\u0001', args), _ => new Lazy<HelmResult>(() => Run([.. args]))).Value;
    }

    /// <summary>Renders and parses; fails the test with helm's message when rendering fails.</summary>
    public static Manifests Render(string? valuesFile = null, params string[] sets)
    {
        var result = Template(valuesFile, sets);
        Assert.True(result.Succeeded, $"helm template failed ({result.ExitCode}):\n{result.Stderr}");
        return new Manifests(Yaml.ParseDocuments(result.Stdout).Select(d => new K8sObject(d)).ToList());
    }

    /// <summary>Maps a <see cref="Sets.Values"/> entry to the values file argument.</summary>
    public static string? ValuesFile(string set) => set == "default" ? null : set;
}

/// <summary>One rendered Kubernetes object.</summary>
internal sealed class K8sObject(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string Kind => (string)Json["kind"]!;

    public string ApiVersion => (string)Json["apiVersion"]!;

    public string Name => (string)Json["metadata"]!["name"]!;

    public string? Namespace => (string?)Json["metadata"]?["namespace"];

    public IReadOnlyDictionary<string, string> Labels => StringMap(Json["metadata"]?["labels"]);

    public JsonNode Spec => Json["spec"] ?? throw new InvalidOperationException($"{Kind}/{Name} has no spec");

    public override string ToString() => $"{Kind}/{Name}";

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject o ? o.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "", StringComparer.Ordinal) : new Dictionary<string, string>();
}

/// <summary>The objects of one render.</summary>
internal sealed class Manifests(IReadOnlyList<K8sObject> objects)
{
    public IReadOnlyList<K8sObject> All { get; } = objects;

    public IEnumerable<K8sObject> OfKind(string kind) => All.Where(o => o.Kind == kind);

    public K8sObject Get(string kind, string name) =>
        All.SingleOrDefault(o => o.Kind == kind && o.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"no {kind}/{name} in the render; have: {string.Join(", ", All)}");

    public bool Has(string kind, string name) => All.Any(o => o.Kind == kind && o.Name == name);
}

/// <summary>Theory data shared by the test classes.</summary>
public static class Sets
{
    /// <summary>Values sets the tests run over: the chart's defaults ("default") and each AKS example values file.</summary>
    public static TheoryData<string> Values()
    {
        var data = new TheoryData<string> { "default" };
        foreach (var file in Repo.AksValuesFiles)
            data.Add(file);
        return data;
    }
}
