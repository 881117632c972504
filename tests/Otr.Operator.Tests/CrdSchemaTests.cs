using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Otr.Kubernetes.Testing;
using Otr.Operator.Entities;

namespace Otr.Operator.Tests;

/// <summary>
/// The CRD YAML in the Helm chart and the C# entity types cannot drift: every C# property is in the
/// schema with the right type and required-ness, every schema property is a C# property, and enums
/// list the same values.
/// </summary>
public sealed class CrdSchemaTests
{
    public static TheoryData<string, Type> Crds => new()
    {
        { "teenodepools.otr.dev.yaml", typeof(TeeNodePool) },
        { "inferencemodels.otr.dev.yaml", typeof(InferenceModel) },
    };

    [Theory]
    [MemberData(nameof(Crds))]
    public void CrdSchema_MatchesTheCSharpTypes(string file, Type type)
    {
        var schema = LoadSchema(file);
        var problems = new List<string>();
        Compare(type, schema, "", problems, checkRequired: true);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Crds))]
    public void CrdNames_FollowTheChartContract(string file, Type type)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "crds", file)));
        Assert.Equal(OtrApi.Group, crd.Spec.Group);
        var version = Assert.Single(crd.Spec.Versions);
        Assert.Equal(OtrApi.Version, version.Name);
        Assert.True(version.Served && version.Storage);
        Assert.NotNull(version.Subresources.Status);
        Assert.Equal(type.Name, crd.Spec.Names.Kind);
        Assert.Equal(crd.Spec.Names.Plural + "." + OtrApi.Group, crd.Metadata.Name);
        if (type == typeof(TeeNodePool))
        {
            Assert.Equal(("Cluster", OtrApi.TeeNodePoolPlural, "tnp"), (crd.Spec.Scope, crd.Spec.Names.Plural, crd.Spec.Names.ShortNames.Single()));
            Assert.Equal(".spec.replicas", version.Subresources.Scale.SpecReplicasPath);
            Assert.Equal(".status.labelSelector", version.Subresources.Scale.LabelSelectorPath);
        }
        else
        {
            Assert.Equal(("Namespaced", OtrApi.InferenceModelPlural, "im"), (crd.Spec.Scope, crd.Spec.Names.Plural, crd.Spec.Names.ShortNames.Single()));
            Assert.Equal(["READY", "POOL", "REPLICAS", "AVAILABLE", "REASON", "AGE"], version.AdditionalPrinterColumns.Select(c => c.Name));
        }

        // Every CEL rule is one the in-test API server can evaluate (it throws on anything else).
        _ = FakeKubernetesApiServer.LoadCrd(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "crds", file)));
    }

    [Fact]
    public void Comparison_CatchesDrift()
    {
        // The comparison itself must fail on a mismatch: a schema missing a property and mistyping another.
        var schema = LoadSchema("inferencemodels.otr.dev.yaml");
        schema.Properties["spec"].Properties.Remove("poolRef");
        schema.Properties["spec"].Properties["replicas"].Type = "string";
        schema.Properties["spec"].Required.Remove("weightsRoot");
        var problems = new List<string>();
        Compare(typeof(InferenceModel), schema, "", problems, checkRequired: true);
        Assert.Contains(problems, p => p.Contains("spec.poolRef", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("spec.replicas", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("spec.weightsRoot", StringComparison.Ordinal));
    }

    private static V1JSONSchemaProps LoadSchema(string file)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "crds", file)));
        return crd.Spec.Versions.Single().Schema.OpenAPIV3Schema;
    }

    private static void Compare(Type type, V1JSONSchemaProps schema, string path, List<string> problems, bool checkRequired)
    {
        if (schema.Type != "object")
        {
            problems.Add($"{Name(path)}: schema type {schema.Type}, C# {type.Name} is an object");
            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        var schemaProps = schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>();
        foreach (var p in properties)
        {
            var json = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            var childPath = path.Length == 0 ? json : path + "." + json;
            if (!schemaProps.TryGetValue(json, out var child))
            {
                problems.Add($"{childPath}: C# property {type.Name}.{p.Name} is missing from the schema");
                continue;
            }

            if (json == "metadata" && path.Length == 0)
                continue;
            if (checkRequired)
            {
                var csRequired = p.GetCustomAttribute<RequiredAttribute>() is not null;
                var schemaRequired = schema.Required?.Contains(json) == true;
                if (csRequired != schemaRequired)
                    problems.Add($"{childPath}: required in C# = {csRequired}, in the schema = {schemaRequired}");
            }

            CompareValue(p.PropertyType, child, childPath, problems);
        }

        foreach (var name in schemaProps.Keys)
        {
            if (!properties.Any(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name)) == name))
                problems.Add($"{(path.Length == 0 ? name : path + "." + name)}: in the schema but not in C# {type.Name}");
        }
    }

    private static void CompareValue(Type type, V1JSONSchemaProps schema, string path, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(DateTime))
        {
            Expect("string");
            if (type == typeof(DateTime) && schema.Format != "date-time")
                problems.Add($"{path}: a time must have format date-time");
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            Expect("integer");
            var format = type == typeof(int) ? "int32" : "int64";
            if (schema.Format is not null && schema.Format != format)
                problems.Add($"{path}: format {schema.Format}, C# is {format}");
        }
        else if (type == typeof(bool))
        {
            Expect("boolean");
        }
        else if (type.IsEnum)
        {
            Expect("string");
            var csValues = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name).Order().ToList();
            var schemaValues = (schema.EnumProperty ?? []).Select(v => v is JsonElement e ? e.ToString() : v?.ToString()).Order().ToList();
            if (!csValues.SequenceEqual(schemaValues))
                problems.Add($"{path}: enum [{string.Join(", ", schemaValues)}], C# {type.Name} [{string.Join(", ", csValues)}]");
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            Expect("object");
            if (schema.AdditionalProperties is null)
                problems.Add($"{path}: a map needs additionalProperties");
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            Expect("array");
            if (SchemaValidator.AsSchema(schema.Items) is { } items)
                CompareValue(type.GetGenericArguments()[0], items, path + "[]", problems);
            else
                problems.Add($"{path}: an array needs items");
        }
        else if (type.IsClass && !typeof(IEnumerable).IsAssignableFrom(type))
        {
            // Kubernetes' own V1Condition carries no [Required]: its required list is checked by the API conventions, not here.
            Compare(type, schema, path, problems, checkRequired: type.Namespace?.StartsWith("Otr.", StringComparison.Ordinal) == true);
        }
        else
        {
            problems.Add($"{path}: C# type {type.Name} has no schema mapping in this test");
        }

        void Expect(string t)
        {
            if (schema.Type != t)
                problems.Add($"{path}: schema type {schema.Type}, C# {type.Name} needs {t}");
        }
    }

    private static string Name(string path) => path.Length == 0 ? "(root)" : path;
}
