namespace Otr.OneStep.Tests.Support;

/// <summary>Locates the repository root (the directory holding Otr.sln) above the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Otr.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no Otr.sln above {AppContext.BaseDirectory}");
    }
}
