namespace Otr.Sequencer.Receipts;

/// <summary>An executor's answer failed verification; the message says which check.</summary>
internal sealed class ReceiptRejectedException(string message) : Exception(message);
