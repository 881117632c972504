using System.Text;
using Otr.Messaging;

namespace Otr.Messaging.Tests;

public sealed class InProcessBusDurabilityTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("otr-bus-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Delete(recursive: true);

    private InProcessBus Open(int partitions = 1) => new(new InProcessBusOptions { Directory = _dir.FullName, Partitions = partitions });

    private static string Text(BusMessage m) => Encoding.UTF8.GetString(m.Value.Span);

    [Fact]
    public async Task Reopen_SameDirectory_KeepsMessagesAndResumesAfterCommit()
    {
        await using (var bus = Open())
        {
            for (var i = 0; i < 5; i++)
                await bus.PublishAsync(Topics.Receipts, $"r{i}", Encoding.UTF8.GetBytes($"m{i}"), new Dictionary<string, string> { ["traceparent"] = $"tp{i}" }, Ct);
            await using var consumer = await bus.SubscribeAsync(Topics.Receipts, "challenger", Ct);
            var read = await InProcessBusTests.ReadAsync(consumer, 2);
            await consumer.CommitAsync(read[1], Ct);
        }

        await using var reopened = Open();
        await using var resumed = await reopened.SubscribeAsync(Topics.Receipts, "challenger", Ct);
        var next = await resumed.ConsumeAsync(Ct);
        var appended = await reopened.PublishAsync(Topics.Receipts, "r5", Encoding.UTF8.GetBytes("m5"), ct: Ct);
        var rest = await InProcessBusTests.ReadAsync(resumed, 3);

        Assert.Equal((2L, "r2", "m2", "tp2"), (next.Offset, next.Key, Text(next), next.Headers["traceparent"]));
        Assert.Equal(5, appended.Offset);
        Assert.Equal(["m3", "m4", "m5"], rest.Select(Text));
        Assert.Equal(2, reopened.GetCommittedOffset(Topics.Receipts, "challenger"));
    }

    [Fact]
    public async Task Reopen_TornLastLine_DroppedAndLogStillAppendable()
    {
        await using (var bus = Open())
        {
            await bus.PublishAsync(Topics.Batches, "0", Encoding.UTF8.GetBytes("a"), ct: Ct);
            await bus.PublishAsync(Topics.Batches, "1", Encoding.UTF8.GetBytes("b"), ct: Ct);
        }
        var log = Path.Combine(_dir.FullName, "topics", Topics.Batches, "0.log");
        await File.AppendAllTextAsync(log, "{\"offset\":2,\"key\":\"2\",\"val", Ct);

        await using (var bus = Open())
        {
            Assert.Equal(2, bus.GetEndOffset(Topics.Batches));
            await bus.PublishAsync(Topics.Batches, "2", Encoding.UTF8.GetBytes("c"), ct: Ct);
        }

        await using var reopened = Open();
        await using var consumer = await reopened.SubscribeAsync(Topics.Batches, "g", Ct);
        Assert.Equal(["a", "b", "c"], (await InProcessBusTests.ReadAsync(consumer, 3)).Select(Text));
    }

    [Fact]
    public async Task Reopen_MorePartitionsOnDiskThanConfigured_KeepsThem()
    {
        await using (var bus = Open(partitions: 4))
        {
            for (var i = 0; i < 20; i++)
                await bus.PublishAsync(Topics.Receipts, $"k{i}", Encoding.UTF8.GetBytes($"{i}"), ct: Ct);
        }

        await using var reopened = Open(partitions: 1);
        await using var consumer = await reopened.SubscribeAsync(Topics.Receipts, "g", Ct);

        Assert.Equal([0, 1, 2, 3], consumer.AssignedPartitions);
        Assert.Equal(20, (await InProcessBusTests.ReadAsync(consumer, 20)).Count);
    }
}
