using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Otr.Kubernetes.Testing;

/// <summary>One validation failure, shaped like an API server StatusCause.</summary>
/// <param name="Field">Path of the field, e.g. <c>spec.weightsRoot</c>.</param>
/// <param name="Reason"><c>FieldValueRequired</c>, <c>FieldValueInvalid</c>, <c>FieldValueNotSupported</c>, <c>FieldValueTypeInvalid</c>.</param>
/// <param name="Message">The message, naming the field.</param>
public sealed record FieldError(string Field, string Reason, string Message);

/// <summary>
/// Validates an object against a CRD's OpenAPI v3 structural schema the way the API server does for
/// the keywords the OTR CRDs use: type, required, properties, additionalProperties, items, enum,
/// pattern, minLength/maxLength, minimum/maximum, minItems/maxItems and <c>x-kubernetes-validations</c>
/// (see <see cref="Cel"/>; transition rules only where the old object has the value). Unknown fields
/// are pruned, as a structural schema does.
/// </summary>
public sealed class SchemaValidator
{
    private readonly V1JSONSchemaProps _root;
    private readonly Dictionary<V1ValidationRule, Cel> _rules = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<V1JSONSchemaProps, V1JSONSchemaProps?> _additional = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<V1JSONSchemaProps, V1JSONSchemaProps?> _items = new(ReferenceEqualityComparer.Instance);

    /// <summary>Prepares <paramref name="root"/>: compiles every pattern and CEL rule (unsupported CEL throws).</summary>
    public SchemaValidator(V1JSONSchemaProps root)
    {
        _root = root ?? throw new ArgumentNullException(nameof(root));
        Prepare(root);
    }

    /// <summary>Validates (and prunes) <paramref name="obj"/>; <paramref name="old"/> is the stored object on updates.</summary>
    public List<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        foreach (var key in new[] { "spec", "status" })
        {
            if (_root.Properties?.TryGetValue(key, out var schema) != true)
                continue;
            if (obj[key] is null)
            {
                if (_root.Required?.Contains(key) == true)
                    errors.Add(new(key, "FieldValueRequired", $"{key}: Required value"));
                continue;
            }

            Check(obj[key], schema!, key, old?[key], old is not null && old.ContainsKey(key), errors);
        }

        return errors;
    }

    private void Prepare(V1JSONSchemaProps schema)
    {
        foreach (var rule in schema.XKubernetesValidations ?? [])
            _rules[rule] = Cel.Parse(rule.Rule);
        if (schema.Pattern is { } pattern && !_patterns.ContainsKey(pattern))
            _patterns[pattern] = new Regex(pattern, RegexOptions.CultureInvariant);
        foreach (var child in schema.Properties?.Values ?? [])
            Prepare(child);
        if (ItemsSchema(schema) is { } items)
            Prepare(items);
        if (AdditionalSchema(schema) is { } additional)
            Prepare(additional);
    }

    /// <summary>
    /// A schema held in an untyped field (<c>items</c>, <c>additionalProperties</c>), which YAML
    /// loading leaves as a plain map; null for absent or boolean values.
    /// </summary>
    public static V1JSONSchemaProps? AsSchema(object? value) => value switch
    {
        null or bool => null,
        V1JSONSchemaProps p => p,
        JsonElement { ValueKind: JsonValueKind.Object } e => k8s.KubernetesJson.Deserialize<V1JSONSchemaProps>(e),
        JsonElement => null,
        var other => k8s.KubernetesJson.Deserialize<V1JSONSchemaProps>(k8s.KubernetesJson.Serialize(other)),
    };

    private V1JSONSchemaProps? AdditionalSchema(V1JSONSchemaProps schema)
    {
        if (!_additional.TryGetValue(schema, out var parsed))
            _additional[schema] = parsed = AsSchema(schema.AdditionalProperties);
        return parsed;
    }

    private V1JSONSchemaProps? ItemsSchema(V1JSONSchemaProps schema)
    {
        if (!_items.TryGetValue(schema, out var parsed))
            _items[schema] = parsed = AsSchema(schema.Items);
        return parsed;
    }

    private void Check(JsonNode? value, V1JSONSchemaProps schema, string path, JsonNode? old, bool hasOld, List<FieldError> errors)
    {
        if (value is null)
        {
            if (schema.Nullable != true)
                errors.Add(new(path, "FieldValueTypeInvalid", $"{path}: Invalid value: \"null\": {path} in body must be of type {schema.Type}"));
            return;
        }

        var before = errors.Count;
        switch (schema.Type)
        {
            case "object":
                CheckObject(value, schema, path, old, hasOld, errors);
                break;
            case "array":
                CheckArray(value, schema, path, old, errors);
                break;
            case "string":
                CheckString(value, schema, path, errors);
                break;
            case "integer" or "number":
                CheckNumber(value, schema, path, errors);
                break;
            case "boolean":
                if (value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                    errors.Add(TypeError(path, value, "boolean"));
                break;
        }

        if (errors.Count != before)
            return;
        foreach (var rule in schema.XKubernetesValidations ?? [])
        {
            var cel = _rules[rule];
            if (cel.UsesOldSelf && !hasOld)
                continue;
            if (!cel.Evaluate(value, old))
            {
                var message = rule.Message ?? $"failed rule: {rule.Rule}";
                errors.Add(new(path, "FieldValueInvalid", $"{path}: Invalid value: \"{Short(value)}\": {message}"));
            }
        }
    }

    private void CheckObject(JsonNode value, V1JSONSchemaProps schema, string path, JsonNode? old, bool hasOld, List<FieldError> errors)
    {
        if (value is not JsonObject obj)
        {
            errors.Add(TypeError(path, value, "object"));
            return;
        }

        foreach (var required in schema.Required ?? [])
        {
            if (!obj.ContainsKey(required))
                errors.Add(new($"{path}.{required}", "FieldValueRequired", $"{path}.{required}: Required value"));
        }

        var additional = AdditionalSchema(schema);
        foreach (var (key, child) in obj.ToList())
        {
            var childPath = path + "." + key;
            var oldObj = old as JsonObject;
            var childHasOld = hasOld && oldObj?.ContainsKey(key) == true;
            if (schema.Properties?.TryGetValue(key, out var childSchema) == true)
                Check(child, childSchema, childPath, oldObj?[key], childHasOld, errors);
            else if (additional is not null)
                Check(child, additional, childPath, oldObj?[key], childHasOld, errors);
            else if (schema.XKubernetesPreserveUnknownFields != true)
                obj.Remove(key); // structural pruning
        }
    }

    private void CheckArray(JsonNode value, V1JSONSchemaProps schema, string path, JsonNode? old, List<FieldError> errors)
    {
        if (value is not JsonArray array)
        {
            errors.Add(TypeError(path, value, "array"));
            return;
        }

        if (schema.MinItems is { } min && array.Count < min)
            errors.Add(new(path, "FieldValueInvalid", $"{path}: Invalid value: {array.Count}: {path} in body should have at least {min} items"));
        if (schema.MaxItems is { } max && array.Count > max)
            errors.Add(new(path, "FieldValueTooMany", $"{path}: Too many: {array.Count}: must have at most {max} items"));
        if (ItemsSchema(schema) is { } items)
        {
            for (var i = 0; i < array.Count; i++)
                Check(array[i], items, $"{path}[{i}]", (old as JsonArray)?.ElementAtOrDefault(i), false, errors);
        }
    }

    private void CheckString(JsonNode value, V1JSONSchemaProps schema, string path, List<FieldError> errors)
    {
        if (value.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(TypeError(path, value, "string"));
            return;
        }

        var text = value.GetValue<string>();
        if (schema.EnumProperty is { Count: > 0 } allowed)
        {
            var names = allowed.Select(a => a is JsonElement e ? e.ToString() : a?.ToString()).ToList();
            if (!names.Contains(text))
                errors.Add(new(path, "FieldValueNotSupported", $"{path}: Unsupported value: \"{text}\": supported values: {string.Join(", ", names.Select(n => $"\"{n}\""))}"));
        }

        if (schema.Pattern is { } pattern && !_patterns[pattern].IsMatch(text))
            errors.Add(new(path, "FieldValueInvalid", $"{path}: Invalid value: \"{text}\": {path} in body should match '{pattern}'"));
        if (schema.MinLength is { } minLength && text.Length < minLength)
            errors.Add(new(path, "FieldValueInvalid", $"{path}: Invalid value: \"{text}\": {path} in body should be at least {minLength} chars long"));
        if (schema.MaxLength is { } maxLength && text.Length > maxLength)
            errors.Add(new(path, "FieldValueTooLong", $"{path}: Too long: may not be more than {maxLength} bytes"));
        if (schema.Format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
            errors.Add(new(path, "FieldValueInvalid", $"{path}: Invalid value: \"{text}\": {path} in body must be of type date-time"));
    }

    private static void CheckNumber(JsonNode value, V1JSONSchemaProps schema, string path, List<FieldError> errors)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            errors.Add(TypeError(path, value, schema.Type));
            return;
        }

        var number = value.GetValue<double>();
        if (schema.Type == "integer" && Math.Floor(number) != number)
        {
            errors.Add(TypeError(path, value, "integer"));
            return;
        }

        if (schema.Minimum is { } min && number < min)
            errors.Add(new(path, "FieldValueInvalid", $"{path}: Invalid value: {Short(value)}: {path} in body should be greater than or equal to {min}"));
        if (schema.Maximum is { } max && number > max)
            errors.Add(new(path, "FieldValueInvalid", $"{path}: Invalid value: {Short(value)}: {path} in body should be less than or equal to {max}"));
    }

    private static FieldError TypeError(string path, JsonNode value, string type) =>
        new(path, "FieldValueTypeInvalid", $"{path}: Invalid value: \"{value.GetValueKind().ToString().ToLowerInvariant()}\": {path} in body must be of type {type}: \"{Short(value)}\"");

    private static string Short(JsonNode value)
    {
        var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        return text.Length > 80 ? text[..80] + "..." : text;
    }
}
