namespace Otr.Chain.Anvil;

/// <summary>Finds the project-installed Anvil binary.</summary>
internal static class AnvilBinary
{
    public const string PathVariable = "OTR_ANVIL_PATH";

    public static string Locate(AnvilOptions options)
    {
        // Explicit options beat the environment: AnvilPath, then SearchStartDirectory, then OTR_ANVIL_PATH.
        var explicitPath = options.AnvilPath
            ?? (options.SearchStartDirectory is null ? Environment.GetEnvironmentVariable(PathVariable) : null);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return File.Exists(explicitPath)
                ? Path.GetFullPath(explicitPath)
                : throw new AnvilException($"Anvil binary not found at '{explicitPath}'. Run tools/setup.sh, or fix the path.");
        }

        var starts = options.SearchStartDirectory is { } start
            ? [start]
            : new[] { AppContext.BaseDirectory, Environment.CurrentDirectory };
        foreach (var dir in starts)
        {
            var root = FindRepositoryRoot(dir);
            if (root is null)
                continue;
            var candidate = Path.Combine(root, "tools", "bin", "anvil");
            return File.Exists(candidate)
                ? candidate
                : throw new AnvilException($"Anvil binary not found at '{candidate}'. Run tools/setup.sh to install the project toolchain.");
        }
        throw new AnvilException(
            $"Cannot find the repository root (a directory holding Otr.sln) above '{string.Join("' or '", starts)}', " +
            $"so tools/bin/anvil cannot be located. Set {nameof(AnvilOptions)}.{nameof(AnvilOptions.AnvilPath)} or {PathVariable}, or run tools/setup.sh in the repository.");
    }

    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Otr.sln")))
                return dir.FullName;
        }
        return null;
    }
}
