using System.Text.Json;

namespace Otr.Protocol;

/// <summary>
/// Reads the fields of one JSON object by name, reporting every problem as a
/// <see cref="ReceiptFormatException"/> that names the field's dotted path.
/// Unknown fields are ignored (forward compatibility); duplicated fields are rejected.
/// </summary>
internal sealed class JsonObjectReader
{
    /// <summary>Path of the document itself; its fields are named without a prefix.</summary>
    public const string RootPath = "$";

    private readonly string _path;
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);

    public JsonObjectReader(JsonElement element, string path)
    {
        _path = path;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ReceiptFormatException(path, $"expected a JSON object, got {Describe(element.ValueKind)}");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!_fields.TryAdd(property.Name, property.Value))
            {
                throw new ReceiptFormatException(PathOf(property.Name), "appears more than once");
            }
        }
    }

    public JsonObjectReader Object(string name) => new(Required(name), PathOf(name));

    public Bytes32 Bytes32(string name) => new(Hex(name, 32, "expected 0x + 64 hex digits"));

    public byte[] Hex(string name, int byteCount, string expectation)
    {
        var value = Required(name);
        if (value.ValueKind != JsonValueKind.String || !HexText.TryParse(value.GetString(), byteCount, out var bytes))
        {
            throw new ReceiptFormatException(PathOf(name), expectation);
        }

        return bytes;
    }

    /// <summary>An address, returned in EIP-55 checksummed form; mixed case must carry a correct checksum.</summary>
    public string Address(string name)
    {
        var value = Required(name);
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (!EthAddress.TryParse(text, out var address))
        {
            throw new ReceiptFormatException(PathOf(name), "expected 0x + 40 hex digits");
        }

        var checksummed = EthAddress.ToChecksum(address);
        if (!EthAddress.HasValidChecksum(text!, address))
        {
            throw new ReceiptFormatException(PathOf(name), $"mixed-case address fails its EIP-55 checksum (expected {checksummed})");
        }

        return checksummed;
    }

    public ulong UInt64(string name)
    {
        var value = Required(name);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out var number))
        {
            throw new ReceiptFormatException(PathOf(name), "expected an unsigned 64-bit integer as a JSON number");
        }

        return number;
    }

    private JsonElement Required(string name) =>
        _fields.TryGetValue(name, out var value) ? value : throw new ReceiptFormatException(PathOf(name), "missing");

    private string PathOf(string name) => _path == RootPath ? name : $"{_path}.{name}";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
