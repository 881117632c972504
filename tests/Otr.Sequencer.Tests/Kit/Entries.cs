using System.Security.Cryptography;
using System.Text.Json;
using Otr.Protocol;
using Otr.Sequencer.Receipts;

namespace Otr.Sequencer.Tests.Kit;

/// <summary>Receipt entries for store and batching tests (the store does not look inside the receipt).</summary>
public static class Entries
{
    private static readonly JsonElement Receipt = JsonDocument.Parse("{\"receipt\":{}}").RootElement.Clone();

    public static ReceiptEntry Make(DateTimeOffset? at = null, string prompt = "p") => new(
        new Bytes32(RandomNumberGenerator.GetBytes(32)),
        Receipt,
        FakeExecutor.DefaultModel,
        prompt,
        16,
        0,
        7,
        3,
        [1, 2, 3],
        "abc",
        "stop",
        at ?? DateTimeOffset.UnixEpoch);
}
