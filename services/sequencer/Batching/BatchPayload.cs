using Otr.Messaging;
using Otr.Protocol;
using Otr.Sequencer.Receipts;

namespace Otr.Sequencer.Batching;

/// <summary>
/// What a batch publishes for challengers, and the <c>dataPointer</c> that commits to it on L1.
/// The payload of batch <c>b</c> is the JSON Lines of its <see cref="ReceiptPublished"/> messages in
/// leaf order — each line exactly the bytes published on <see cref="Topics.Receipts"/>, followed by
/// <c>0x0a</c> — and <c>dataPointer = keccak(payload)</c>. A challenger that concatenates the message
/// values of the batch's digests (from <see cref="BatchPosted.ReceiptDigests"/>) the same way can
/// check them against L1. Pure.
/// </summary>
internal static class BatchPayload
{
    /// <summary>The message value of each member, in leaf order.</summary>
    public static IReadOnlyList<byte[]> Messages(ulong batchIndex, IReadOnlyList<ReceiptEntry> members) =>
        [.. members.Select((entry, leaf) => MessageJson.Serialize(new ReceiptPublished(
            entry.Receipt.GetRawText(),
            entry.Digest.ToString(),
            entry.Model,
            entry.Prompt,
            new DecodingParams(entry.MaxTokens, entry.TemperatureMilli, entry.Seed),
            entry.Tokens,
            entry.Text,
            batchIndex,
            (ulong)leaf)))];

    /// <summary><c>keccak(m_0 ‖ 0x0a ‖ m_1 ‖ 0x0a ‖ … ‖ m_{n-1} ‖ 0x0a)</c>.</summary>
    public static Bytes32 DataPointer(IReadOnlyList<byte[]> messages)
    {
        var parts = new List<byte[]>(2 * messages.Count);
        foreach (var message in messages)
        {
            parts.Add(message);
            parts.Add([(byte)'\n']);
        }

        return Keccak.Hash([.. parts]);
    }
}
