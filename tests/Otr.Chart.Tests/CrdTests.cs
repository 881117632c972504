using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>
/// charts/otr/crds (written from the operator's types): every file is a CustomResourceDefinition of otr.dev
/// that matches the contract's names and scope, and the AKS examples validate structurally against it.
/// </summary>
public sealed class CrdTests
{
    internal static List<string> CrdFiles()
    {
        var dir = Path.Combine(Repo.Chart, "crds");
        return Directory.Exists(dir)
            ? [.. Directory.EnumerateFiles(dir).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
            : [];
    }

    internal static List<JsonObject> Crds() => [.. CrdFiles().SelectMany(f => Yaml.ParseDocuments(File.ReadAllText(f)))];

    [Fact]
    public void Every_file_in_crds_is_an_otr_dev_custom_resource_definition_of_the_contract()
    {
        var contract = new Dictionary<string, (string Plural, string Short, string Scope)>(StringComparer.Ordinal)
        {
            ["TeeNodePool"] = ("teenodepools", "tnp", "Cluster"),
            ["InferenceModel"] = ("inferencemodels", "im", "Namespaced"),
        };
        foreach (var crd in Crds())
        {
            Assert.Equal("apiextensions.k8s.io/v1", (string)crd["apiVersion"]!);
            Assert.Equal("CustomResourceDefinition", (string)crd["kind"]!);
            var spec = crd["spec"]!;
            Assert.Equal("otr.dev", (string)spec["group"]!);
            var kind = (string)spec["names"]!["kind"]!;
            Assert.True(contract.TryGetValue(kind, out var expected), $"CRD kind {kind} is not in the contract");
            Assert.Equal(expected.Plural, (string)spec["names"]!["plural"]!);
            Assert.Equal($"{expected.Plural}.otr.dev", (string)crd["metadata"]!["name"]!);
            Assert.Contains(expected.Short, spec["names"]!["shortNames"]!.AsArray().Select(s => (string)s!));
            Assert.Equal(expected.Scope, (string)spec["scope"]!);
            Assert.Contains(spec["versions"]!.AsArray(), v => (string)v!["name"]! == "v1alpha1" && (bool)v["served"]! && (bool)v["storage"]!);
        }
    }

    [Fact]
    public void Helm_installs_the_crds_from_the_crds_folder_and_templates_define_none()
    {
        var result = Helm.Run("template", Helm.Release, "charts/otr", "--namespace", Helm.Namespace, "--include-crds");
        Assert.True(result.Succeeded, result.Stderr);
        var crds = Yaml.ParseDocuments(result.Stdout).Where(d => (string?)d["kind"] == "CustomResourceDefinition").ToList();
        Assert.Equal(Crds().Count, crds.Count);
        Assert.DoesNotContain(Helm.Render().All, o => o.Kind == "CustomResourceDefinition");
    }

    [Fact]
    public void Structural_check_finds_a_field_the_schema_does_not_have()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"spec":{"type":"object","properties":{"tee":{"type":"string","enum":["SGX","TDX"]},"capacity":{"type":"integer"},"labels":{"type":"object","additionalProperties":{"type":"string"}},"any":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}""")!;
        var good = JsonNode.Parse("""{"spec":{"tee":"SGX","capacity":2,"labels":{"a":"b"},"any":{"x":{"y":1}}}}""")!;
        Assert.Empty(StructuralErrors(schema, good, ""));
        var bad = JsonNode.Parse("""{"spec":{"tee":"SEV","capcity":2,"capacity":"two"}}""")!;
        var errors = StructuralErrors(schema, bad, "");
        Assert.Contains(errors, e => e.Contains(".spec.capcity", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(".spec.tee", StringComparison.Ordinal) && e.Contains("SEV", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(".spec.capacity", StringComparison.Ordinal) && e.Contains("integer", StringComparison.Ordinal));
    }

    /// <summary>Validates the example manifests of <paramref name="file"/> against the CRD of their kind.</summary>
    internal static void AssertExamplesMatchCrds(string file)
    {
        var crds = Crds().ToDictionary(c => (string)c["spec"]!["names"]!["kind"]!, StringComparer.Ordinal);
        foreach (var doc in ExampleTests.Load(file))
        {
            var kind = (string)doc["kind"]!;
            Assert.True(crds.TryGetValue(kind, out var crd), $"{file}: no CRD for kind {kind}");
            var version = crd!["spec"]!["versions"]!.AsArray().Single(v => (string)v!["name"]! == "v1alpha1")!;
            var schema = version["schema"]!["openAPIV3Schema"]!;
            var body = new JsonObject { ["spec"] = doc["spec"]!.DeepClone() };
            var errors = StructuralErrors(schema, body, "");
            Assert.True(errors.Count == 0, $"{file} {kind}:\n{string.Join("\n", errors)}");
        }
    }

    /// <summary>
    /// A structural check of a value against a CRD's OpenAPI v3 schema: unknown fields (unless the schema
    /// preserves them or allows additionalProperties), types, enums, required properties.
    /// </summary>
    internal static List<string> StructuralErrors(JsonNode schema, JsonNode? value, string path)
    {
        var errors = new List<string>();
        if (value is null)
            return errors;
        var type = (string?)schema["type"];
        var intOrString = schema["x-kubernetes-int-or-string"] is { } ios && (bool)ios;
        if (intOrString)
        {
            if (value.GetValueKind() is not (System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.String))
                errors.Add($"{path}: must be an integer or a string");
            return errors;
        }

        switch (type)
        {
            case "object":
                if (value is not JsonObject obj)
                {
                    errors.Add($"{path}: must be an object");
                    break;
                }

                var properties = schema["properties"] as JsonObject;
                var preserve = schema["x-kubernetes-preserve-unknown-fields"] is { } p && (bool)p;
                foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => (string)r!))
                {
                    if (!obj.ContainsKey(required))
                        errors.Add($"{path}.{required}: required");
                }

                foreach (var (key, child) in obj)
                {
                    if (properties?[key] is { } childSchema)
                        errors.AddRange(StructuralErrors(childSchema, child, $"{path}.{key}"));
                    else if (schema["additionalProperties"] is JsonObject additional)
                        errors.AddRange(StructuralErrors(additional, child, $"{path}.{key}"));
                    else if (!preserve && schema["additionalProperties"] is not JsonValue)
                        errors.Add($"{path}.{key}: unknown field");
                }

                break;
            case "array":
                if (value is not JsonArray array)
                {
                    errors.Add($"{path}: must be an array");
                    break;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    if (schema["items"] is { } items)
                        errors.AddRange(StructuralErrors(items, array[i], $"{path}[{i}]"));
                }

                break;
            case "string":
                if (value.GetValueKind() != System.Text.Json.JsonValueKind.String)
                    errors.Add($"{path}: must be a string");
                break;
            case "integer":
                if (value.GetValueKind() != System.Text.Json.JsonValueKind.Number || value.ToString().Contains('.', StringComparison.Ordinal))
                    errors.Add($"{path}: must be an integer");
                break;
            case "number":
                if (value.GetValueKind() != System.Text.Json.JsonValueKind.Number)
                    errors.Add($"{path}: must be a number");
                break;
            case "boolean":
                if (value.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
                    errors.Add($"{path}: must be a boolean");
                break;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            errors.Add($"{path}: '{value}' is not one of {allowed.ToJsonString()}");
        return errors;
    }
}
