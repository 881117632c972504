namespace Otr.Chart.Tests;

/// <summary>Paths of the repository the tests run in (found from the test binary upwards).</summary>
internal static class Repo
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Chart => Path.Combine(Root, "charts", "otr");

    public static string Helm => Path.Combine(Root, "tools", "bin", "helm");

    public static string AksExamples => Path.Combine(Root, "docs", "examples", "aks");

    /// <summary>The AKS example values files (docs/examples/aks/values*.yaml), relative to the repository root.</summary>
    public static IReadOnlyList<string> AksValuesFiles =>
        [.. Directory.GetFiles(AksExamples, "values*.yaml").Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(Root, f))];

    /// <summary>The AKS example custom resources (every other .yaml of docs/examples/aks).</summary>
    public static IReadOnlyList<string> AksResourceFiles =>
        [.. Directory.GetFiles(AksExamples, "*.yaml").Where(f => !Path.GetFileName(f).StartsWith("values", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Otr.sln")) && Directory.Exists(Path.Combine(dir.FullName, "charts", "otr")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no repository root (Otr.sln next to charts/otr) above {AppContext.BaseDirectory}");
    }
}
