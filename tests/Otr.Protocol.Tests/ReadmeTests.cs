using Otr.Protocol;

namespace Otr.Protocol.Tests;

/// <summary>The lifecycle tables printed in src/Otr.Protocol/README.md stay what the code says.</summary>
public class ReadmeTests
{
    [Fact]
    public void Readme_ReceiptLifecycleTable_MatchesTheCode() =>
        Assert.Equal(ReceiptLifecycle.Table.ToMarkdown(), Section("receipt-lifecycle"));

    [Fact]
    public void Readme_BatchLifecycleTable_MatchesTheCode() =>
        Assert.Equal(BatchLifecycle.Table.ToMarkdown(), Section("batch-lifecycle"));

    private static string Section(string name)
    {
        var text = File.ReadAllText(ReadmePath()).ReplaceLineEndings("\n");
        var begin = $"<!-- {name}:begin -->\n";
        var start = text.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        var end = text.IndexOf($"<!-- {name}:end -->", StringComparison.Ordinal);
        Assert.True(start >= begin.Length && end > start, $"markers for {name} not found");
        return text[start..end];
    }

    private static string ReadmePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Otr.Protocol", "README.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("src/Otr.Protocol/README.md not found above the test binaries");
    }
}
