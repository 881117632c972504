using System.Text;
using CsCheck;
using Otr.Messaging;

namespace Otr.Messaging.Tests;

public sealed class InProcessBusTests
{
    private const string Topic = "test.events.v1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static string Text(BusMessage m) => Encoding.UTF8.GetString(m.Value.Span);

    internal static async Task<List<BusMessage>> ReadAsync(IMessageConsumer consumer, int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var messages = new List<BusMessage>();
        while (messages.Count < count)
            messages.Add(await consumer.ConsumeAsync(timeout.Token));
        return messages;
    }

    [Fact]
    public async Task ConsumeAsync_PublishedMessages_ArriveInOrderWithOffsets()
    {
        await using var bus = new InProcessBus();
        for (var i = 0; i < 50; i++)
            await bus.PublishAsync(Topic, "k", Bytes($"m{i}"), new Dictionary<string, string> { ["n"] = $"{i}" }, Ct);
        await using var consumer = await bus.SubscribeAsync(Topic, "g", Ct);

        var messages = await ReadAsync(consumer, 50);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), messages.Select(m => m.Offset));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"m{i}"), messages.Select(Text));
        Assert.All(messages, m => Assert.Equal($"{m.Offset}", m.Headers["n"]));
    }

    [Fact]
    public async Task ConsumeAsync_NothingPublishedYet_WaitsForNextPublish()
    {
        await using var bus = new InProcessBus();
        await using var consumer = await bus.SubscribeAsync(Topic, "g", Ct);

        var pending = consumer.ConsumeAsync(Ct).AsTask();
        await Task.Delay(50, Ct);
        Assert.False(pending.IsCompleted);
        await bus.PublishAsync(Topic, "k", Bytes("late"), ct: Ct);

        Assert.Equal("late", Text(await pending.WaitAsync(TimeSpan.FromSeconds(5), Ct)));
    }

    [Fact]
    public async Task ConsumeAsync_Cancelled_ThrowsOperationCanceled()
    {
        await using var bus = new InProcessBus();
        await using var consumer = await bus.SubscribeAsync(Topic, "g", Ct);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await consumer.ConsumeAsync(cts.Token));
    }

    [Fact]
    public async Task ConsumeAsync_BusDisposedWhileWaiting_ThrowsObjectDisposed()
    {
        var bus = new InProcessBus();
        var consumer = await bus.SubscribeAsync(Topic, "g", Ct);
        var pending = consumer.ConsumeAsync(Ct).AsTask();

        await bus.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task Groups_ReadIndependently()
    {
        await using var bus = new InProcessBus();
        for (var i = 0; i < 5; i++)
            await bus.PublishAsync(Topic, "k", Bytes($"m{i}"), ct: Ct);
        await using var a = await bus.SubscribeAsync(Topic, "challenger-a", Ct);
        await using var b = await bus.SubscribeAsync(Topic, "challenger-b", Ct);

        var fromA = await ReadAsync(a, 5);
        await a.CommitAsync(fromA[^1], Ct);
        var fromB = await ReadAsync(b, 5);

        Assert.Equal(fromA.Select(Text), fromB.Select(Text));
        Assert.Equal(5, bus.GetCommittedOffset(Topic, "challenger-a"));
        Assert.Equal(0, bus.GetCommittedOffset(Topic, "challenger-b"));
    }

    [Fact]
    public async Task CommitAsync_ResubscribedGroup_ResumesAfterLastCommit()
    {
        await using var bus = new InProcessBus();
        for (var i = 0; i < 6; i++)
            await bus.PublishAsync(Topic, "k", Bytes($"m{i}"), ct: Ct);
        await using (var first = await bus.SubscribeAsync(Topic, "g", Ct))
        {
            var read = await ReadAsync(first, 4);
            await first.CommitAsync(read[2], Ct); // m3 was read but not handled
        }

        await using var second = await bus.SubscribeAsync(Topic, "g", Ct);
        var rest = await ReadAsync(second, 3);

        Assert.Equal(["m3", "m4", "m5"], rest.Select(Text));
    }

    [Fact]
    public async Task SubscribeAsync_TwoMembersOfOneGroup_SplitPartitionsAndTakeOverOnLeave()
    {
        await using var bus = new InProcessBus(new InProcessBusOptions { Partitions = 4 });
        var one = await bus.SubscribeAsync(Topic, "g", Ct);
        await using var two = await bus.SubscribeAsync(Topic, "g", Ct);

        Assert.Equal([0, 2], one.AssignedPartitions);
        Assert.Equal([1, 3], two.AssignedPartitions);
        for (var i = 0; i < 40; i++)
            await bus.PublishAsync(Topic, $"key-{i}", Bytes($"m{i}"), ct: Ct);
        var oneCount = (int)(bus.GetEndOffset(Topic, 0) + bus.GetEndOffset(Topic, 2));
        var fromOne = await ReadAsync(one, oneCount);
        Assert.All(fromOne, m => Assert.True(m.Partition is 0 or 2));

        await one.DisposeAsync(); // left without committing: the survivor must see those messages again
        Assert.Equal([0, 1, 2, 3], two.AssignedPartitions);
        var all = await ReadAsync(two, 40);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"m{i}").Order(), all.Select(Text).Order());
    }

    [Fact]
    public async Task PublishAsync_ConcurrentPublishers_NothingLostAndPerKeyOrderKept()
    {
        await using var bus = new InProcessBus(new InProcessBusOptions { Partitions = 3 });
        await using var consumer = await bus.SubscribeAsync(Topic, "g", Ct);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
                await bus.PublishAsync(Topic, $"publisher-{p}", Bytes($"{p}:{i}"), ct: Ct);
        }, Ct)));
        var messages = await ReadAsync(consumer, 800);

        foreach (var group in messages.GroupBy(m => m.Key))
            Assert.Equal(Enumerable.Range(0, 100), group.Select(m => int.Parse(Text(m).Split(':')[1])));
        foreach (var partition in messages.GroupBy(m => m.Partition))
            Assert.Equal(Enumerable.Range(0, partition.Count()).Select(i => (long)i), partition.Select(m => m.Offset).Order());
    }

    [Fact]
    public async Task Publish_AnyKeySequence_PerKeyOrderKept()
    {
        await Gen.Select(Gen.Int[1, 5], Gen.Int[0, 7].Array[0, 60]).SampleAsync(async (partitions, keys) =>
        {
            await using var bus = new InProcessBus(new InProcessBusOptions { Partitions = partitions });
            for (var i = 0; i < keys.Length; i++)
                await bus.PublishAsync(Topic, $"k{keys[i]}", Bytes($"{i}"), ct: Ct);
            await using var consumer = await bus.SubscribeAsync(Topic, "g", Ct);
            var read = await ReadAsync(consumer, keys.Length);
            return read.GroupBy(m => m.Key).All(g => g.Select(m => int.Parse(Text(m))).SequenceEqual(g.Select(m => int.Parse(Text(m))).Order()))
                && read.Count == keys.Length;
        }, iter: 50);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/es")]
    [InlineData("..")]
    public async Task PublishAsync_InvalidTopic_Throws(string topic)
    {
        await using var bus = new InProcessBus();

        await Assert.ThrowsAsync<ArgumentException>(() => bus.PublishAsync(topic, "k", Bytes("x"), ct: Ct));
    }
}
