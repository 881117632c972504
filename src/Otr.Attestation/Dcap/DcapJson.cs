using System.Globalization;
using System.Text.Json;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Dcap;

/// <summary>Reading helpers for Intel's signed collateral JSON; every problem is an <see cref="AttestationRejectedException"/> with the given reason.</summary>
internal static class DcapJson
{
    /// <summary>
    /// Splits a PCS response <c>{"&lt;property&gt;":{...},"signature":"&lt;hex&gt;"}</c> into the exact bytes of the inner
    /// value as they appear in the file (what Intel signed; nothing is re-serialised) and the raw r ‖ s signature.
    /// </summary>
    public static (byte[] Body, byte[] Signature) SplitSigned(byte[] file, string property, string reason, string what)
    {
        try
        {
            var reader = new Utf8JsonReader(file, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new AttestationRejectedException(reason, $"{what} is not a JSON object.");
            }

            byte[]? body = null, signature = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read())
                {
                    break;
                }

                if (name == property && reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    body = file[start..(int)reader.BytesConsumed];
                }
                else if (name == "signature" && reader.TokenType == JsonTokenType.String)
                {
                    signature = Hex(reader.GetString()!, 64, reason, $"{what} signature");
                }
                else
                {
                    reader.Skip();
                }
            }

            if (body is null || signature is null)
            {
                throw new AttestationRejectedException(reason, $"{what} lacks the '{property}' object or the 'signature' string.");
            }

            return (body, signature);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new AttestationRejectedException(reason, $"{what} is not valid JSON: {e.Message}", e);
        }
    }

    public static byte[] Hex(string text, int? length, string reason, string what)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(text);
        }
        catch (FormatException e)
        {
            throw new AttestationRejectedException(reason, $"{what} is not hex.", e);
        }

        if (length is { } expected && bytes.Length != expected)
        {
            throw new AttestationRejectedException(reason, $"{what} has {bytes.Length} bytes, expected {expected}.");
        }

        return bytes;
    }

    public static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string reason, string what)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind != kind)
        {
            throw new AttestationRejectedException(reason, $"{what}: '{name}' is missing or not a JSON {kind.ToString().ToLowerInvariant()}.");
        }

        return value;
    }

    public static string String(JsonElement parent, string name, string reason, string what) =>
        Text(Required(parent, name, JsonValueKind.String, reason, what), reason, $"{what}: '{name}'");

    /// <summary>A JSON string's value; a string that is not valid UTF-8 is rejected.</summary>
    public static string Text(JsonElement value, string reason, string what)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new AttestationRejectedException(reason, $"{what} is not a valid UTF-8 string.", e);
        }
    }

    public static int Int(JsonElement parent, string name, string reason, string what)
    {
        var value = Required(parent, name, JsonValueKind.Number, reason, what);
        return value.TryGetInt32(out var result) && result >= 0
            ? result
            : throw new AttestationRejectedException(reason, $"{what}: '{name}' is not a non-negative 32-bit integer.");
    }

    public static byte[] HexField(JsonElement parent, string name, int length, string reason, string what) =>
        Hex(String(parent, name, reason, what), length, reason, $"{what}: '{name}'");

    public static DateTimeOffset Date(JsonElement parent, string name, string reason, string what)
    {
        var text = String(parent, name, reason, what);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new AttestationRejectedException(reason, $"{what}: '{name}' ({text}) is not an ISO 8601 date.");
    }

    public static IReadOnlyList<string> Advisories(JsonElement level, string reason, string what)
    {
        if (!level.TryGetProperty("advisoryIDs", out var ids))
        {
            return [];
        }

        if (ids.ValueKind != JsonValueKind.Array)
        {
            throw new AttestationRejectedException(reason, $"{what}: 'advisoryIDs' is not an array.");
        }

        var result = new List<string>();
        foreach (var id in ids.EnumerateArray())
        {
            result.Add(id.ValueKind == JsonValueKind.String ? Text(id, reason, $"{what}: an advisory id") : throw new AttestationRejectedException(reason, $"{what}: an advisory id is not a string."));
        }

        return result;
    }

    public static JsonDocument Parse(byte[] body, string reason, string what)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new AttestationRejectedException(reason, $"{what} is not valid JSON: {e.Message}", e);
        }
    }
}
