using System.Text.Json;
using System.Text.Json.Serialization;
using Otr.Protocol;

namespace Otr.Sequencer.Receipts;

/// <summary>Writes <see cref="Bytes32"/> as its 0x-hex string and reads it back.</summary>
internal sealed class Bytes32JsonConverter : JsonConverter<Bytes32>
{
    public override Bytes32 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Bytes32.TryParse(reader.GetString(), out var value)
            ? value
            : throw new JsonException("expected a 0x-prefixed 32-byte hex string");

    public override void Write(Utf8JsonWriter writer, Bytes32 value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
