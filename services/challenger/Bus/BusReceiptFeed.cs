using System.Text.Json;
using Microsoft.Extensions.Options;
using Otr.Messaging;
using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// <see cref="IReceiptFeed"/> over <see cref="Topics.Receipts"/> as consumer group
/// <see cref="ChallengerOptions.GroupId"/>, with explicit commits. Turns each <see cref="ReceiptPublished"/>
/// into a <see cref="PublishedReceipt"/>; an unreadable message becomes a delivery without a receipt.
/// </summary>
public sealed class BusReceiptFeed(IMessageBus bus, IOptions<ChallengerOptions> options) : IReceiptFeed
{
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private IMessageConsumer? _consumer;

    /// <inheritdoc />
    public async ValueTask<ReceiptDelivery> ReceiveAsync(CancellationToken cancellationToken)
    {
        var consumer = await ConsumerAsync(cancellationToken).ConfigureAwait(false);
        var message = await consumer.ConsumeAsync(cancellationToken).ConfigureAwait(false);
        var position = $"{message.Topic}/{message.Partition}/{message.Offset}";
        try
        {
            return new ReceiptDelivery(Read(message.Deserialize<ReceiptPublished>()), position, null, message, message.Headers);
        }
        catch (Exception e) when (e is JsonException or ReceiptFormatException or FormatException or ArgumentException)
        {
            return new ReceiptDelivery(null, position, e.Message, message, message.Headers);
        }
    }

    /// <inheritdoc />
    public async ValueTask CommitAsync(ReceiptDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.Handle is not BusMessage message || _consumer is null)
        {
            throw new ArgumentException("the delivery did not come from this feed", nameof(delivery));
        }

        await _consumer.CommitAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync().ConfigureAwait(false);
        }

        _subscribing.Dispose();
    }

    /// <summary>Maps the bus message to the challenger's view (the receipt JSON is parsed strictly).</summary>
    internal static PublishedReceipt Read(ReceiptPublished m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var signed = ReceiptJson.Deserialize(m.Receipt);
        return new PublishedReceipt(
            signed.Receipt,
            signed.Signature,
            m.Prompt ?? throw new FormatException("prompt is missing"),
            m.Decoding ?? throw new FormatException("decoding is missing"),
            m.OutputTokens ?? throw new FormatException("outputTokens is missing"),
            m.OutputText ?? "",
            m.BatchIndex,
            m.LeafIndex);
    }

    private async ValueTask<IMessageConsumer> ConsumerAsync(CancellationToken cancellationToken)
    {
        if (_consumer is { } existing)
        {
            return existing;
        }

        await _subscribing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _consumer ??= await bus.SubscribeAsync(Topics.Receipts, options.Value.GroupId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _subscribing.Release();
        }
    }
}
