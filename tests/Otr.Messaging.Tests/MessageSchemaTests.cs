using System.Diagnostics;
using System.Text;
using Otr.Messaging;
using Otr.Protocol;

namespace Otr.Messaging.Tests;

public sealed class MessageSchemaTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ReceiptPublished_RoundTrips_WithCamelCaseNames()
    {
        var message = new ReceiptPublished("{\"requestId\":\"0x01\"}", "0x" + new string('a', 64), "otr-demo", "hello",
            new DecodingParams(16, 0, 7), [1, 2, 3], "abc", BatchIndex: 4, LeafIndex: 9);

        var bytes = MessageJson.Serialize(message);
        var back = MessageJson.Deserialize<ReceiptPublished>(bytes);

        Assert.Equal(message.Receipt, back.Receipt);
        Assert.Equal(message.Decoding, back.Decoding);
        Assert.Equal(message.OutputTokens, back.OutputTokens);
        Assert.Equal((4UL, 9UL), (back.BatchIndex!.Value, back.LeafIndex!.Value));
        var json = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"receiptDigest\":", json, StringComparison.Ordinal);
        Assert.Contains("\"outputTokens\":[1,2,3]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchPosted_RoundTrips()
    {
        var message = new BatchPosted(17, "0x" + new string('1', 64), 2, "0x" + new string('2', 64), ["0xaa", "0xbb"], 123);

        var back = MessageJson.Deserialize<BatchPosted>(MessageJson.Serialize(message));

        Assert.Equal(message with { ReceiptDigests = back.ReceiptDigests }, back);
        Assert.Equal(message.ReceiptDigests, back.ReceiptDigests);
    }

    [Fact]
    public void TraceContext_InjectThenExtract_SameTraceAndSpan()
    {
        using var activity = new Activity("publish").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "vendor=1";
        var headers = new Dictionary<string, string>();

        TraceContextHeaders.Inject(activity, headers);
        var ok = TraceContextHeaders.TryExtract(headers, out var context);

        Assert.True(ok);
        Assert.Equal(activity.TraceId, context.TraceId);
        Assert.Equal(activity.SpanId, context.SpanId);
        Assert.Equal("vendor=1", context.TraceState);
    }

    [Fact]
    public async Task PublishJsonAsync_WithCurrentActivity_AddsTraceParent()
    {
        await using var bus = new InProcessBus();
        await using var consumer = await bus.SubscribeAsync(Topics.Batches, "g", Ct);
        using var activity = new Activity("post-batch").SetIdFormat(ActivityIdFormat.W3C).Start();

        await bus.PublishJsonAsync(Topics.Batches, "1", new BatchPosted(1, "0x", 0, "0x", []), ct: Ct);
        var message = await consumer.ConsumeAsync(Ct);

        Assert.Equal(activity.Id, message.Headers[TraceContextHeaders.TraceParent]);
        Assert.Equal(1UL, message.Deserialize<BatchPosted>().BatchIndex);
    }
}
