namespace Otr.Sequencer.Receipts;

/// <summary>One line of <c>receipts.jsonl</c>.</summary>
/// <param name="Seq">Store sequence number.</param>
/// <param name="Entry">The receipt and its payload.</param>
internal sealed record ReceiptLine(long Seq, ReceiptEntry Entry);
