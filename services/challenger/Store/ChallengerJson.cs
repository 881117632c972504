using System.Text.Json;
using System.Text.Json.Serialization;

namespace Otr.Challenger;

/// <summary>JSON settings of the findings file and the HTTP API (camelCase; hashes as 0x-hex through <see cref="Otr.Protocol.Bytes32JsonConverter"/>).</summary>
internal static class ChallengerJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = false };

        // Enums as camelCase words, so the file and the API survive a reordering of members.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
