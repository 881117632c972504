using System.Diagnostics;

namespace Otr.Messaging;

/// <summary>Typed publishing on top of <see cref="IMessageBus"/>.</summary>
public static class MessageBusExtensions
{
    /// <summary>
    /// Publishes <paramref name="message"/> as JSON, adding the current activity's trace context to the
    /// headers unless they already carry one.
    /// </summary>
    public static Task<PublishResult> PublishJsonAsync<T>(this IMessageBus bus, string topic, string key, T message,
        IReadOnlyDictionary<string, string>? headers = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var all = headers is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(headers, StringComparer.Ordinal);
        if (!all.ContainsKey(TraceContextHeaders.TraceParent))
            TraceContextHeaders.Inject(Activity.Current, all);
        return bus.PublishAsync(topic, key, MessageJson.Serialize(message), all, ct);
    }
}
