namespace Otr.Chart.Tests;

/// <summary>values.schema.json and the templates' own checks reject bad values with a message naming the key.</summary>
public sealed class SchemaTests
{
    [Theory]
    [InlineData("sequencer.replicas=-1", "/sequencer/replicas", "minimum")]
    [InlineData("sequencer.replicas=2", "/sequencer/replicas", "maximum")]
    [InlineData("operator.replicas=-1", "/operator/replicas", "minimum")]
    [InlineData("sequencer.replica=1", "/sequencer", "additional properties 'replica' not allowed")]
    [InlineData("sequncer.replicas=1", "", "additional properties 'sequncer' not allowed")]
    [InlineData("network.chainId=0", "/network/chainId", "minimum")]
    [InlineData("network.rollupAddress=0x1234", "/network/rollupAddress", "does not match pattern")]
    [InlineData("sequencer.batching.maxAge=10s", "/sequencer/batching/maxAge", "does not match pattern")]
    [InlineData("image.pullPolicy=Sometimes", "/image/pullPolicy", "value must be one of")]
    [InlineData("challenger.engine=Gpu", "/challenger/engine", "value must be one of")]
    [InlineData("sequencer.service.type=Ingress", "/sequencer/service/type", "value must be one of")]
    [InlineData("sequencer.limits.maxRequestBodyBytes=10", "/sequencer/limits/maxRequestBodyBytes", "minimum")]
    [InlineData("networkPolicy.l1.ports[0]=70000", "/networkPolicy/l1/ports/0", "maximum")]
    [InlineData("networkPolicy.executorNamespaces[0]=Not_A_Namespace", "/networkPolicy/executorNamespaces/0", "does not match pattern")]
    [InlineData("operator.resources.requests.cpu=lots", "/operator/resources/requests/cpu", "")]
    [InlineData("metrics.serviceMonitor.interval=30", "/metrics/serviceMonitor/interval", "")]
    public void The_schema_rejects_a_bad_value_naming_it(string set, string path, string reason)
    {
        var result = Helm.Template(null, set);
        Assert.False(result.Succeeded, $"--set {set} rendered");
        Assert.Contains("values don't meet the specifications of the schema", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"at '{path}':", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Helm_lint_fails_on_a_bad_value_and_names_it()
    {
        var result = Helm.Run("lint", "charts/otr", "--set", "sequencer.replicas=-1");
        Assert.False(result.Succeeded);
        Assert.Contains("at '/sequencer/replicas': minimum: got -1, want 0", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "sequencer.l1.enabled=false" }, "sequencer.batching.enabled needs sequencer.l1.enabled")]
    [InlineData(new[] { "sequencer.limits.defaultMaxTokens=2048" }, "sequencer.limits.defaultMaxTokens (2048) must not exceed sequencer.limits.maxTokens (1024)")]
    [InlineData(new[] { "challenger.model.demoSeed=null" }, "challenger.model: set challenger.model.path")]
    [InlineData(new[] { "challenger.model.path=/models/m.q8" }, "challenger.model.path needs challenger.model.claimName")]
    [InlineData(new[] { "challenger.model.path=/data/m.q8", "challenger.model.claimName=models" }, "challenger.model.path '/data/m.q8' must be a file under /models/")]
    public void Inconsistent_values_fail_with_a_message_naming_the_keys(string[] sets, string message)
    {
        var result = Helm.Template(null, sets);
        Assert.False(result.Succeeded, $"--set {string.Join(' ', sets)} rendered");
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_keys_required_without_any_secret_key_fails()
    {
        var file = Path.Combine(Path.GetTempPath(), $"otr-chart-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "sequencer:\n  apiKeys:\n    secretKeys: []\n");
        try
        {
            var result = Helm.Template(file);
            Assert.False(result.Succeeded);
            Assert.Contains("sequencer.apiKeys.secretKeys must list at least one key of sequencer.apiKeys.existingSecret while sequencer.apiKeys.required is true", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Without_l1_the_sequencer_runs_without_batching_and_without_the_key()
    {
        var render = Helm.Render(null, "sequencer.l1.enabled=false", "sequencer.batching.enabled=false");
        var spec = render.Get("Deployment", $"{Helm.Fullname}-sequencer").Spec["template"]!["spec"]!;
        var env = spec["containers"]![0]!["env"]!.AsArray().Select(e => (string)e!["name"]!).ToList();
        Assert.DoesNotContain(env, n => n.StartsWith("Sequencer__L1__", StringComparison.Ordinal));
        Assert.DoesNotContain(spec["volumes"]!.AsArray(), v => (string)v!["name"]! == "l1-key");
    }
}
