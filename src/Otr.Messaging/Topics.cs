namespace Otr.Messaging;

/// <summary>The topic catalogue. Names end in a schema version; a breaking schema change gets a new topic.</summary>
public static class Topics
{
    /// <summary>
    /// Receipts with the prompts and outputs challengers need to re-execute them
    /// (<see cref="ReceiptPublished"/>), published by the sequencer. Key: the receipt digest.
    /// </summary>
    public const string Receipts = "otr.receipts.v1";

    /// <summary>Batches the sequencer posted to L1 (<see cref="BatchPosted"/>). Key: the batch index in decimal.</summary>
    public const string Batches = "otr.batches.v1";

    /// <summary>All catalogued topics.</summary>
    public static IReadOnlyList<string> All { get; } = [Receipts, Batches];
}
