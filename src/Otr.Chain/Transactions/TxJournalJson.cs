using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Otr.Chain.Transactions;

/// <summary>JSON settings of the journal file: camelCase, enums as strings, wei amounts as decimal strings.</summary>
internal static class TxJournalJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter(), new BigIntegerConverter() },
    };

    private sealed class BigIntegerConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? BigInteger.Parse(reader.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture)
                : new BigInteger(reader.GetDecimal());

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
