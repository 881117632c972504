using Otr.Messaging;

namespace Otr.Sequencer.Tests.Kit;

/// <summary>Reads everything published on a topic so far.</summary>
public static class BusReader
{
    public static async Task<List<BusMessage>> ReadAllAsync(IMessageBus bus, string topic, int expected)
    {
        await using var consumer = await bus.SubscribeAsync(topic, "test-" + Guid.NewGuid().ToString("N"));
        var messages = new List<BusMessage>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (messages.Count < expected)
        {
            messages.Add(await consumer.ConsumeAsync(timeout.Token));
        }

        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        try
        {
            messages.Add(await consumer.ConsumeAsync(quiet.Token));
        }
        catch (OperationCanceledException)
        {
        }

        return messages;
    }
}
