using System.Text.Json;
using Otr.Sequencer.Configuration;

namespace Otr.Sequencer.Executors;

/// <summary>
/// The routes file the Kubernetes operator maintains: <c>{"models":[{"name":"…","executors":["http://…", …]}]}</c>.
/// Parsing is strict and names what is wrong, so a bad file is refused as a whole and the routes in force stay.
/// </summary>
public static class ExecutorRoutes
{
    /// <summary>Parses a routes document; throws <see cref="FormatException"/> naming the first wrong field.</summary>
    public static IReadOnlyList<ModelRouteOptions> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"routes: not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("routes: expected a JSON object with a \"models\" array");
            }

            if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("routes.models: expected an array");
            }

            var result = new List<ModelRouteOptions>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var model in models.EnumerateArray())
            {
                var at = $"routes.models[{i}]";
                if (model.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"{at}: expected an object with \"name\" and \"executors\"");
                }

                if (!model.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
                {
                    throw new FormatException($"{at}.name: expected a non-empty string");
                }

                var route = new ModelRouteOptions { Name = name.GetString()! };
                if (!seen.Add(route.Name))
                {
                    throw new FormatException($"{at}.name: model '{route.Name}' is listed twice");
                }

                if (!model.TryGetProperty("executors", out var executors) || executors.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException($"{at}.executors: expected an array of executor URLs");
                }

                var j = 0;
                foreach (var executor in executors.EnumerateArray())
                {
                    var url = executor.ValueKind == JsonValueKind.String ? executor.GetString() : null;
                    if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    {
                        throw new FormatException($"{at}.executors[{j}]: expected an absolute http(s) URL, got {executor.GetRawText()}");
                    }

                    route.Executors.Add(url);
                    j++;
                }

                result.Add(route);
                i++;
            }

            return result;
        }
    }

    /// <summary>
    /// The routes in force: the configured ones plus the file's; a model in both gets the union of the executors
    /// (configured first, duplicates dropped). Models keep their configured order, then the file's.
    /// </summary>
    public static IReadOnlyList<ModelRouteOptions> Merge(IEnumerable<ModelRouteOptions> configured, IEnumerable<ModelRouteOptions> fromFile)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(fromFile);
        var merged = new List<ModelRouteOptions>();
        var byName = new Dictionary<string, ModelRouteOptions>(StringComparer.Ordinal);
        foreach (var route in configured.Concat(fromFile))
        {
            if (!byName.TryGetValue(route.Name, out var target))
            {
                target = new ModelRouteOptions { Name = route.Name };
                byName[route.Name] = target;
                merged.Add(target);
            }

            foreach (var url in route.Executors)
            {
                if (!target.Executors.Contains(url, StringComparer.Ordinal))
                {
                    target.Executors.Add(url);
                }
            }
        }

        return merged;
    }
}
