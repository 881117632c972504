using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Otr.Sequencer.Fees;

/// <summary>Wei amounts as decimal strings in JSON (they exceed what a JSON number holds exactly).</summary>
internal sealed class WeiJsonConverter : JsonConverter<BigInteger>
{
    public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && BigInteger.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var wei)
            ? wei
            : throw new JsonException("a wei amount must be a string of decimal digits");

    public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
