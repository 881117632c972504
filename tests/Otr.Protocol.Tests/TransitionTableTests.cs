using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class TransitionTableTests
{
    [Fact]
    public void Constructor_DuplicatePair_Throws() =>
        Assert.Throws<ArgumentException>(() => new TransitionTable<BatchState, BatchEvent>(BatchState.Pending,
        [
            new(BatchState.Pending, BatchEvent.Submitted, BatchState.Posting),
            new(BatchState.Pending, BatchEvent.Submitted, BatchState.Posted),
        ]));

    [Fact]
    public void ToMarkdown_BatchTable_ListsEveryRowWithNoOpsMarked()
    {
        var markdown = BatchLifecycle.Table.ToMarkdown();
        Assert.StartsWith("| from | event | to |\n| --- | --- | --- |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Pending | Submitted | Posting |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Final | Finalized | (no change) |\n", markdown, StringComparison.Ordinal);
        Assert.Equal(BatchLifecycle.Table.Transitions.Count + 2, markdown.Count(c => c == '\n'));
    }

    [Fact]
    public void ToMermaid_ReceiptTable_HasStartEdgesAndTerminalsButNoSelfLoops()
    {
        var mermaid = ReceiptLifecycle.Table.ToMermaid();
        Assert.StartsWith("stateDiagram-v2\n    [*] --> Provisional\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("    Challengeable --> Disputed : DisputeOpened\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("    Invalidated --> [*]\n", mermaid, StringComparison.Ordinal);
        Assert.DoesNotContain("Final --> Final", mermaid, StringComparison.Ordinal);
    }
}
