using System.Text.Json;
using System.Text.Json.Serialization;

namespace Otr.Protocol;

/// <summary>System.Text.Json form of <see cref="Bytes32"/>: its 0x-hex string (applied to the type itself).</summary>
public sealed class Bytes32JsonConverter : JsonConverter<Bytes32>
{
    /// <inheritdoc />
    public override Bytes32 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Bytes32.TryParse(reader.GetString(), out var value)
            ? value
            : throw new JsonException("expected a 32-byte value as 0x followed by 64 hex digits");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Bytes32 value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
