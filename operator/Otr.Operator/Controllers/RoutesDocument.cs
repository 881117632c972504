using System.Text.Json;
using System.Text.Json.Serialization;

namespace Otr.Operator.Controllers;

/// <summary>The <c>routes.json</c> the sequencer mounts: per model name, the executor base URLs.</summary>
public sealed class RoutesDocument
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    /// <summary>Models, sorted by name.</summary>
    [JsonPropertyName("models")]
    public List<ModelRoute> Models { get; set; } = [];

    /// <summary>Builds the document from (model name, executor URL) pairs: one entry per name, URLs sorted and distinct.</summary>
    public static RoutesDocument Build(IEnumerable<(string Model, string Url)> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return new RoutesDocument
        {
            Models = [.. routes
                .GroupBy(r => r.Model, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ModelRoute { Name = g.Key, Executors = [.. g.Select(r => r.Url).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] })],
        };
    }

    /// <summary>Parses a routes document.</summary>
    public static RoutesDocument Parse(string json) =>
        JsonSerializer.Deserialize<RoutesDocument>(json, Json) ?? throw new JsonException("routes.json is null");

    /// <summary>The canonical JSON text (stable for equal documents).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>One model's executors.</summary>
public sealed class ModelRoute
{
    /// <summary>The model name requests carry.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>Executor base URLs.</summary>
    [JsonPropertyName("executors")]
    public List<string> Executors { get; set; } = [];
}
