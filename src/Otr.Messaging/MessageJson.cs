using System.Text.Json;

namespace Otr.Messaging;

/// <summary>System.Text.Json (de)serialisation of message payloads: camelCase properties, UTF-8 bytes.</summary>
public static class MessageJson
{
    /// <summary>The serializer options used for every payload.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Serialises <paramref name="message"/> to UTF-8 JSON.</summary>
    public static byte[] Serialize<T>(T message) => JsonSerializer.SerializeToUtf8Bytes(message, Options);

    /// <summary>Deserialises a UTF-8 JSON payload.</summary>
    /// <exception cref="JsonException">The payload is not valid JSON for <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlyMemory<byte> value) =>
        JsonSerializer.Deserialize<T>(value.Span, Options) ?? throw new JsonException($"The payload is JSON null, not a {typeof(T).Name}.");

    /// <summary>Deserialises the value of <paramref name="message"/>.</summary>
    public static T Deserialize<T>(this BusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Deserialize<T>(message.Value);
    }
}
