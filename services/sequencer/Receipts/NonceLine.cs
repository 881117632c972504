namespace Otr.Sequencer.Receipts;

/// <summary>One line of <c>nonces.jsonl</c>: nonces below <paramref name="Until"/> may have been handed out to the executor.</summary>
/// <param name="Executor">Executor address (lower-case).</param>
/// <param name="Until">Exclusive upper bound of the leased nonces.</param>
internal sealed record NonceLine(string Executor, ulong Until);
