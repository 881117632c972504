namespace Otr.Sequencer.Receipts;

/// <summary>One line of <c>batches.jsonl</c>: a batch was cut, posted or published.</summary>
/// <param name="Kind"><c>batch</c>, <c>posted</c> or <c>published</c>.</param>
/// <param name="Index">The batch index.</param>
/// <param name="Batch">The batch (kind <c>batch</c>).</param>
/// <param name="TxHash">The L1 transaction (kind <c>posted</c>).</param>
internal sealed record BatchLine(string Kind, ulong Index, BatchRecord? Batch = null, string? TxHash = null)
{
    public const string Cut = "batch";
    public const string Posted = "posted";
    public const string Published = "published";
}
