using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using Otr.Challenger;
using Otr.Committee;
using Otr.Sequencer.Configuration;

namespace Otr.Chart.Tests;

/// <summary>
/// The environment the chart gives each service binds to that service's real options classes (the same
/// `Section__Key` → property path the ASP.NET Core binder walks) with values their types accept; the
/// operator's environment is exactly the contract's.
/// </summary>
public sealed class ConfigurationTests
{
    /// <summary>Keys the chart sets ahead of the service reading them (see docs/kubernetes.md, "Known gaps").</summary>
    private static readonly HashSet<string> Pending = [];

    /// <summary>Environment the .NET host itself reads, not an options class.</summary>
    private static readonly HashSet<string> Host = ["ASPNETCORE_HTTP_PORTS", "DOTNET_gcServer", "TMPDIR", "OTEL_EXPORTER_OTLP_ENDPOINT"];

    private static readonly (string Prefix, Type Options)[] SequencerSections =
    [
        (Env(BatchingOptions.SectionName), typeof(BatchingOptions)),
        (Env(L1Options.SectionName), typeof(L1Options)),
        (Env(SequencerOptions.SectionName), typeof(SequencerOptions)),
    ];

    private static readonly (string Prefix, Type Options)[] ChallengerSections = [(Env(ChallengerOptions.SectionName), typeof(ChallengerOptions))];

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Sequencer_environment_binds_to_the_sequencer_options(string set) =>
        AssertBinds(Environment(Helm.Render(Helm.ValuesFile(set), "sequencer.staticModels[0].name=m", "sequencer.staticModels[0].executors[0]=http://e:8080"), "sequencer"), SequencerSections);

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Challenger_environment_binds_to_the_challenger_options(string set) =>
        AssertBinds(Environment(Helm.Render(Helm.ValuesFile(set)), "challenger"), ChallengerSections);

    [Fact]
    public void Committee_environment_binds_to_the_committee_options() =>
        AssertBinds(Environment(Helm.Render(null, CommitteeChartTests.Enabled), "committee"), [(Env(CommitteeOptions.SectionName), typeof(CommitteeOptions))]);

    [Fact]
    public void The_binding_check_catches_a_misspelt_key_and_a_bad_value()
    {
        Assert.Contains("MaxPromptChar", Assert.ThrowsAny<Exception>(() => AssertBinds([("Sequencer__MaxPromptChar", "1")], SequencerSections)).Message, StringComparison.Ordinal);
        Assert.Contains("10s", Assert.ThrowsAny<Exception>(() => AssertBinds([("Sequencer__Batching__MaxAge", "10s")], SequencerSections)).Message, StringComparison.Ordinal);
        Assert.Contains("Gpu", Assert.ThrowsAny<Exception>(() => AssertBinds([("Challenger__Engine", "Gpu")], ChallengerSections)).Message, StringComparison.Ordinal);
        AssertBinds([("Sequencer__Models__3__Executors__1", "http://x"), ("Challenger__L1__Rollup", "0x")], [.. SequencerSections, .. ChallengerSections]);
    }

    [Theory, MemberData(nameof(Sets.Values), MemberType = typeof(Sets))]
    public void Operator_environment_is_the_contract(string set)
    {
        var render = Helm.Render(Helm.ValuesFile(set));
        var env = Environment(render, "operator").Select(e => e.Name).Where(n => !Host.Contains(n)).Order(StringComparer.Ordinal);
        string[] contract =
        [
            "POD_NAME", "POD_NAMESPACE", "Operator__WatchNamespace", "Operator__LeaseName", "Operator__ExecutorImage", "Operator__RoutesConfigMap",
            "Operator__Network__ChainId", "Operator__Network__RollupAddress", "Operator__Network__ModelRegistry", "Operator__Network__ExecutorRegistry",
            "Operator__Network__L1RpcSecretName", "Operator__Network__L1RpcSecretKey", "Operator__Network__KafkaBootstrap", "Operator__Network__SequencerUrl",
        ];
        Assert.Equal(contract.Order(StringComparer.Ordinal), env);

        var container = Container(render, "operator");
        var vars = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        Assert.Equal("metadata.name", (string)vars["POD_NAME"]["valueFrom"]!["fieldRef"]!["fieldPath"]!);
        Assert.Equal("metadata.namespace", (string)vars["POD_NAMESPACE"]["valueFrom"]!["fieldRef"]!["fieldPath"]!);
    }

    [Fact]
    public void Operator_and_sequencer_agree_on_the_routes_config_map_and_the_sequencer_url()
    {
        var render = Helm.Render();
        var op = Values(render, "operator");
        var routes = Pod(render, "sequencer")["volumes"]!.AsArray().Single(v => (string)v!["name"]! == "routes")!["configMap"]!;
        Assert.Equal(op["Operator__RoutesConfigMap"], (string)routes["name"]!);
        Assert.True((bool)routes["optional"]!, "the sequencer must start before the operator wrote the routes");
        Assert.Equal("routes.json", (string)routes["items"]![0]!["key"]!);
        var mount = Container(render, "sequencer")["volumeMounts"]!.AsArray().Single(m => (string)m!["name"]! == "routes")!;
        Assert.Null(mount["subPath"]); // a subPath mount would never see the operator's updates
        Assert.Equal(Values(render, "sequencer")["Sequencer__RoutesFile"], $"{(string)mount["mountPath"]!}/routes.json");

        var service = render.Get("Service", $"{Helm.Fullname}-sequencer");
        Assert.Equal($"http://{service.Name}.{Helm.Namespace}.svc:{(long)service.Spec["ports"]![0]!["port"]!}", op["Operator__Network__SequencerUrl"]);
        Assert.Equal("ghcr.io/otr-dev/otr-executor:0.1.0", op["Operator__ExecutorImage"]);
    }

    [Fact]
    public void Network_values_reach_every_service_the_same_way()
    {
        var render = Helm.Render("docs/examples/aks/values-aks.yaml");
        var op = Values(render, "operator");
        var seq = Values(render, "sequencer");
        var chal = Values(render, "challenger");
        Assert.Equal(op["Operator__Network__RollupAddress"], seq["Sequencer__RollupAddress"]);
        Assert.Equal(op["Operator__Network__RollupAddress"], chal["Challenger__L1__Rollup"]);
        Assert.Equal(op["Operator__Network__ModelRegistry"], chal["Challenger__L1__ModelRegistry"]);
        Assert.Equal(op["Operator__Network__ExecutorRegistry"], chal["Challenger__L1__ExecutorRegistry"]);
        Assert.Equal(op["Operator__Network__ChainId"], seq["Sequencer__ChainId"]);

        foreach (var component in new[] { "sequencer", "challenger" })
        {
            var rpc = Container(render, component)["env"]!.AsArray().Single(e => ((string)e!["name"]!).EndsWith("__L1__RpcUrl", StringComparison.Ordinal))!;
            var secret = rpc["valueFrom"]!["secretKeyRef"]!;
            Assert.Equal(op["Operator__Network__L1RpcSecretName"], (string)secret["name"]!);
            Assert.Equal(op["Operator__Network__L1RpcSecretKey"], (string)secret["key"]!);
        }
    }

    [Fact]
    public void Api_keys_and_the_l1_key_come_from_secrets_never_from_values()
    {
        var render = Helm.Render("docs/examples/aks/values-aks.yaml");
        var env = Container(render, "sequencer")["env"]!.AsArray();
        var keys = env.Where(e => ((string)e!["name"]!).StartsWith("Sequencer__ApiKeys__", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, keys.Count);
        Assert.All(keys, k => Assert.Equal("otr-api-keys", (string)k!["valueFrom"]!["secretKeyRef"]!["name"]!));
        Assert.Null(env.Single(e => (string)e!["name"]! == "Sequencer__L1__PrivateKeyFile")!["valueFrom"]);
        var keyVolume = Pod(render, "sequencer")["volumes"]!.AsArray().Single(v => (string)v!["name"]! == "l1-key")!;
        Assert.Equal("otr-sequencer-l1-key", (string)keyVolume["secret"]!["secretName"]!);
        Assert.Equal(0x120L, (long)keyVolume["secret"]!["defaultMode"]!); // 0440
        Assert.Empty(render.OfKind("Secret"));
    }

    private static string Env(string section) => section.Replace(":", "__", StringComparison.Ordinal) + "__";

    private static JsonNode Pod(Manifests render, string component) =>
        render.Get("Deployment", $"{Helm.Fullname}-{component}").Spec["template"]!["spec"]!;

    private static JsonObject Container(Manifests render, string component) => Pod(render, component)["containers"]![0]!.AsObject();

    private static List<(string Name, string? Value)> Environment(Manifests render, string component) =>
        [.. Container(render, component)["env"]!.AsArray().Select(e => ((string)e!["name"]!, (string?)e["value"]))];

    private static Dictionary<string, string?> Values(Manifests render, string component) =>
        Environment(render, component).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);

    /// <summary>Fails unless every variable names a property path of an options class and its value converts to the property's type.</summary>
    private static void AssertBinds(IEnumerable<(string Name, string? Value)> environment, (string Prefix, Type Options)[] sections)
    {
        var errors = new List<string>();
        foreach (var (name, value) in environment)
        {
            if (Host.Contains(name) || Pending.Contains(name))
                continue;
            var section = sections.FirstOrDefault(s => name.StartsWith(s.Prefix, StringComparison.Ordinal));
            if (section.Options is null)
            {
                errors.Add($"{name}: no options section of the service");
                continue;
            }

            var type = Resolve(section.Options, name[section.Prefix.Length..].Split("__"), out var problem);
            if (type is null)
                errors.Add($"{name}: {problem}");
            else if (value is not null && !Converts(type, value))
                errors.Add($"{name}: '{value}' is not a {type.Name}");
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static Type? Resolve(Type type, string[] path, out string problem)
    {
        problem = "";
        foreach (var segment in path)
        {
            var element = ElementType(type);
            if (element is not null && int.TryParse(segment, out _))
            {
                type = element;
                continue;
            }

            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                problem = $"{type.Name} has no property {segment}";
                return null;
            }

            type = property.PropertyType;
        }

        return type;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
            return null;
        return type.IsGenericType ? type.GetGenericArguments()[0] : type.GetElementType();
    }

    private static bool Converts(Type type, string value)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            if (target.IsEnum)
                return Enum.TryParse(target, value, ignoreCase: true, out _) && !int.TryParse(value, out _);
            _ = TypeDescriptor.GetConverter(target).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException || e.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }
}
