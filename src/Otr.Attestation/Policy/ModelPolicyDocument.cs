using System.Globalization;
using System.Text.Json;
using Otr.Protocol;

namespace Otr.Attestation.Policy;

/// <summary>One model's attestation policy: the weights root its evidence must bind, and what the hardware must show.</summary>
/// <param name="Name">The model name (<c>modelId = keccak(utf8(name))</c>).</param>
/// <param name="WeightsRoot">The model's registered weights root; evidence must bind exactly this root.</param>
/// <param name="Policy">The policy applied to verified evidence.</param>
public sealed record ModelAttestationPolicy(string Name, Bytes32 WeightsRoot, AttestationPolicy Policy)
{
    /// <summary>The model id, keccak of the name.</summary>
    public Bytes32 ModelId => Keccak.HashUtf8(Name);
}

/// <summary>
/// The per-model policy file the attestation committee reads (the Kubernetes operator writes it into a ConfigMap from
/// the InferenceModel and TeeNodePool resources). JSON:
/// <code>
/// {"models":[{"name":"llama-q8","weightsRoot":"0x…","development":false,"tee":["IntelTdx"],
///   "allowedMeasurements":[{"mrtd":"…","rtmr1":"…"}],"acceptedTcbStatuses":["UpToDate"],
///   "minimumTcbLevel":17,"allowDebug":false,"maxEvidenceAgeSeconds":3600}]}
/// </code>
/// <c>development: true</c> gives <see cref="AttestationPolicy.Development"/> (the simulated TEE passes) and allows no
/// other field but name and weights root. Parsing is strict: an unknown field, a wrong type or a bad value is an error
/// naming its path (e.g. <c>models[1].allowedMeasurements[0].mrtd</c>).
/// </summary>
public static class ModelPolicyDocument
{
    private static readonly HashSet<string> EntryFields = new(StringComparer.Ordinal)
    {
        "name", "weightsRoot", "development", "tee", "allowedMeasurements", "acceptedTcbStatuses", "minimumTcbLevel", "allowDebug", "maxEvidenceAgeSeconds",
    };

    /// <summary>Parses a policy file.</summary>
    /// <exception cref="FormatException">The document is not valid; the message names the path at fault.</exception>
    public static IReadOnlyDictionary<string, ModelAttestationPolicy> Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"attestation policy file is not JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("attestation policy file: expected an object with a 'models' array");
            }

            var result = new Dictionary<string, ModelAttestationPolicy>(StringComparer.Ordinal);
            var i = 0;
            foreach (var entry in models.EnumerateArray())
            {
                var parsed = ParseEntry(entry, $"models[{i}]");
                if (!result.TryAdd(parsed.Name, parsed))
                {
                    throw new FormatException($"models[{i}].name: model '{parsed.Name}' appears twice");
                }

                i++;
            }

            return result;
        }
    }

    /// <summary>Writes a policy file (models sorted by name, so the same policies give the same bytes).</summary>
    public static byte[] Write(IEnumerable<ModelAttestationPolicy> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("models");
            foreach (var model in models.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                WriteEntry(json, model);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteEntry(Utf8JsonWriter json, ModelAttestationPolicy model)
    {
        var p = model.Policy;
        json.WriteStartObject();
        json.WriteString("name", model.Name);
        json.WriteString("weightsRoot", model.WeightsRoot.ToString());
        if (ReferenceEquals(p, AttestationPolicy.Development) || p.AllowSimulated)
        {
            json.WriteBoolean("development", true);
            json.WriteEndObject();
            return;
        }

        json.WriteBoolean("development", false);
        json.WriteStartArray("tee");
        foreach (var kind in p.AllowedKinds.Order())
        {
            json.WriteStringValue(kind.ToString());
        }

        json.WriteEndArray();
        json.WriteStartArray("allowedMeasurements");
        foreach (var rule in p.AllowedMeasurements)
        {
            json.WriteStartObject();
            foreach (var (register, value) in rule.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                json.WriteString(register, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("acceptedTcbStatuses");
        foreach (var status in p.AcceptedTcbStatuses.Order(StringComparer.Ordinal))
        {
            json.WriteStringValue(status);
        }

        json.WriteEndArray();
        if (p.MinimumTcbLevel is { } minimum)
        {
            json.WriteNumber("minimumTcbLevel", minimum);
        }

        json.WriteBoolean("allowDebug", p.AllowDebug);
        json.WriteNumber("maxEvidenceAgeSeconds", (long)p.MaxEvidenceAge.TotalSeconds);
        json.WriteEndObject();
    }

    private static ModelAttestationPolicy ParseEntry(JsonElement entry, string path)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: expected an object");
        }

        foreach (var property in entry.EnumerateObject())
        {
            if (!EntryFields.Contains(property.Name))
            {
                throw new FormatException($"{path}.{property.Name}: unknown field");
            }
        }

        var name = RequiredString(entry, "name", path);
        if (name.Length == 0 || name.Trim().Length != name.Length)
        {
            throw new FormatException($"{path}.name: must be non-empty without leading or trailing whitespace");
        }

        var rootText = RequiredString(entry, "weightsRoot", path);
        if (!Bytes32.TryParse(rootText, out var weightsRoot))
        {
            throw new FormatException($"{path}.weightsRoot: '{rootText}' is not 0x followed by 64 hex digits");
        }

        if (entry.TryGetProperty("development", out var dev) && Bool(dev, $"{path}.development"))
        {
            foreach (var property in entry.EnumerateObject())
            {
                if (property.Name is not ("name" or "weightsRoot" or "development"))
                {
                    throw new FormatException($"{path}.{property.Name}: a development policy accepts anything, so it takes no '{property.Name}'");
                }
            }

            return new ModelAttestationPolicy(name, weightsRoot, AttestationPolicy.Development);
        }

        var defaults = new AttestationPolicy();
        var kinds = entry.TryGetProperty("tee", out var tee) ? ParseKinds(tee, $"{path}.tee") : defaults.AllowedKinds;
        if (!entry.TryGetProperty("allowedMeasurements", out var measurements))
        {
            throw new FormatException($"{path}.allowedMeasurements: required (at least one measurement set) unless development is true");
        }

        var rules = ParseMeasurements(measurements, $"{path}.allowedMeasurements");
        var statuses = entry.TryGetProperty("acceptedTcbStatuses", out var st) ? ParseStrings(st, $"{path}.acceptedTcbStatuses") : defaults.AcceptedTcbStatuses;
        int? minimum = null;
        if (entry.TryGetProperty("minimumTcbLevel", out var min))
        {
            if (min.ValueKind != JsonValueKind.Number || !min.TryGetInt32(out var m) || m < 0)
            {
                throw new FormatException($"{path}.minimumTcbLevel: must be a non-negative integer");
            }

            minimum = m;
        }

        var allowDebug = entry.TryGetProperty("allowDebug", out var debug) && Bool(debug, $"{path}.allowDebug");
        var age = defaults.MaxEvidenceAge;
        if (entry.TryGetProperty("maxEvidenceAgeSeconds", out var ageElement))
        {
            if (ageElement.ValueKind != JsonValueKind.Number || !ageElement.TryGetInt64(out var seconds) || seconds <= 0 || seconds > 366L * 86_400)
            {
                throw new FormatException($"{path}.maxEvidenceAgeSeconds: must be a whole number of seconds between 1 and one year");
            }

            age = TimeSpan.FromSeconds(seconds);
        }

        return new ModelAttestationPolicy(name, weightsRoot, new AttestationPolicy
        {
            AllowedKinds = kinds,
            AllowedMeasurements = rules,
            AcceptedTcbStatuses = statuses,
            MinimumTcbLevel = minimum,
            AllowDebug = allowDebug,
            MaxEvidenceAge = age,
        });
    }

    private static HashSet<TeeKind> ParseKinds(JsonElement element, string path)
    {
        var kinds = new HashSet<TeeKind>();
        var i = 0;
        foreach (var text in ParseStrings(element, path))
        {
            if (!Enum.TryParse<TeeKind>(text, ignoreCase: false, out var kind) || !Enum.IsDefined(kind) || kind == TeeKind.Simulated || int.TryParse(text, out _))
            {
                throw new FormatException($"{path}[{i}]: '{text}' is not a hardware TEE (IntelTdx, IntelSgx, AmdSevSnp, NvidiaGpu)");
            }

            kinds.Add(kind);
            i++;
        }

        if (kinds.Count == 0)
        {
            throw new FormatException($"{path}: must name at least one TEE technology");
        }

        return kinds;
    }

    private static List<IReadOnlyDictionary<string, string>> ParseMeasurements(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            throw new FormatException($"{path}: must be a non-empty array of measurement sets");
        }

        var rules = new List<IReadOnlyDictionary<string, string>>();
        var i = 0;
        foreach (var rule in element.EnumerateArray())
        {
            var rulePath = $"{path}[{i}]";
            if (rule.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{rulePath}: expected an object of register names to hex values");
            }

            var registers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var register in rule.EnumerateObject())
            {
                var value = register.Value.ValueKind == JsonValueKind.String ? register.Value.GetString()! : throw new FormatException($"{rulePath}.{register.Name}: expected a hex string");
                registers[register.Name] = MeasurementHex.Normalize(value, $"{rulePath}.{register.Name}");
            }

            if (registers.Count == 0)
            {
                throw new FormatException($"{rulePath}: a measurement set names at least one register");
            }

            rules.Add(registers);
            i++;
        }

        return rules;
    }

    private static HashSet<string> ParseStrings(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{path}: expected an array of strings");
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                throw new FormatException($"{path}[{i}]: expected a non-empty string");
            }

            set.Add(item.GetString()!);
            i++;
        }

        return set;
    }

    private static string RequiredString(JsonElement entry, string field, string path) =>
        entry.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"{path}.{field}: required string");

    private static bool Bool(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FormatException($"{path}: expected true or false"),
    };
}

/// <summary>Checks measurement register values: lower-case hex, 32 or 48 bytes (the sizes of SGX and TDX/SEV-SNP registers).</summary>
public static class MeasurementHex
{
    /// <summary>The value as lower-case hex without <c>0x</c>.</summary>
    /// <param name="value">The register value as hex, with or without <c>0x</c>.</param>
    /// <param name="field">The field name to put in the error.</param>
    /// <exception cref="FormatException">Not hex, or not 32 or 48 bytes; the message names <paramref name="field"/>.</exception>
    public static string Normalize(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hex = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        if (hex.Length % 2 != 0 || !hex.All(Uri.IsHexDigit))
        {
            throw new FormatException($"{field}: '{value}' is not hex");
        }

        if (hex.Length is not (64 or 96))
        {
            throw new FormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"{field}: '{value}' is {hex.Length / 2} bytes; a measurement register is 32 bytes (SGX MRENCLAVE/MRSIGNER) or 48 bytes (TDX MRTD/RTMR, SEV-SNP launch measurement)"));
        }

        return hex.ToLowerInvariant();
    }
}
