using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>Kubernetes label selector semantics (matchLabels AND matchExpressions), as a pure function.</summary>
internal static class LabelSelector
{
    /// <summary>
    /// Whether <paramref name="selector"/> (a LabelSelector object; null = match nothing, {} = match everything)
    /// selects an object with <paramref name="labels"/>.
    /// </summary>
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
            return false;
        if (selector is not JsonObject obj)
            throw new ArgumentException($"a label selector must be an object: {selector.ToJsonString()}", nameof(selector));
        foreach (var key in obj.Select(p => p.Key))
        {
            if (key is not ("matchLabels" or "matchExpressions"))
                throw new ArgumentException($"unknown label selector field '{key}'", nameof(selector));
        }

        if (obj["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                if (!labels.TryGetValue(key, out var actual) || actual != value?.ToString())
                    return false;
            }
        }

        if (obj["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions)
            {
                var key = (string)expression!["key"]!;
                var op = (string)expression["operator"]!;
                var values = (expression["values"] as JsonArray)?.Select(v => v!.ToString()).ToHashSet(StringComparer.Ordinal) ?? [];
                var has = labels.TryGetValue(key, out var actual);
                var ok = op switch
                {
                    "In" => has && values.Contains(actual!),
                    "NotIn" => !has || !values.Contains(actual!),
                    "Exists" => has,
                    "DoesNotExist" => !has,
                    _ => throw new ArgumentException($"unknown selector operator '{op}'", nameof(selector)),
                };
                if (!ok)
                    return false;
            }
        }

        return true;
    }
}
