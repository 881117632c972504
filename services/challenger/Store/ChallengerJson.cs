using System.Text.Json;

namespace Otr.Challenger;

/// <summary>JSON settings of the findings file and the HTTP API (camelCase, hashes as 0x-hex).</summary>
internal static class ChallengerJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = false };
        options.Converters.Add(new Bytes32JsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
