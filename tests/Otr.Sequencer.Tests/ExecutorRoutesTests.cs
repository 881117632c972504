using Otr.Sequencer.Configuration;
using Otr.Sequencer.Executors;

namespace Otr.Sequencer.Tests;

public sealed class ExecutorRoutesTests
{
    [Fact]
    public void Parse_OperatorDocument_ReturnsEveryModelWithItsExecutorsInOrder()
    {
        var routes = ExecutorRoutes.Parse("""
            {"models":[{"name":"otr-demo-q8","executors":["http://a.ns.svc:8080","http://b.ns.svc:8080"]},
                       {"name":"other","executors":[]}]}
            """);

        Assert.Equal(["otr-demo-q8", "other"], routes.Select(r => r.Name));
        Assert.Equal(["http://a.ns.svc:8080", "http://b.ns.svc:8080"], routes[0].Executors);
        Assert.Empty(routes[1].Executors);
    }

    [Theory]
    [InlineData("not json", "routes: not valid JSON")]
    [InlineData("[]", "routes: expected a JSON object")]
    [InlineData("{}", "routes.models: expected an array")]
    [InlineData("""{"models":{}}""", "routes.models: expected an array")]
    [InlineData("""{"models":[1]}""", "routes.models[0]: expected an object")]
    [InlineData("""{"models":[{"executors":[]}]}""", "routes.models[0].name: expected a non-empty string")]
    [InlineData("""{"models":[{"name":" ","executors":[]}]}""", "routes.models[0].name: expected a non-empty string")]
    [InlineData("""{"models":[{"name":"m"}]}""", "routes.models[0].executors: expected an array")]
    [InlineData("""{"models":[{"name":"m","executors":["ftp://x"]}]}""", "routes.models[0].executors[0]: expected an absolute http(s) URL")]
    [InlineData("""{"models":[{"name":"m","executors":["http://x", 3]}]}""", "routes.models[0].executors[1]: expected an absolute http(s) URL, got 3")]
    [InlineData("""{"models":[{"name":"m","executors":[]},{"name":"m","executors":[]}]}""", "routes.models[1].name: model 'm' is listed twice")]
    public void Parse_BadDocument_NamesTheField(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ExecutorRoutes.Parse(json));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_ModelInBoth_TakesTheUnionConfiguredFirstWithoutDuplicates()
    {
        var configured = new ModelRouteOptions { Name = "m" };
        configured.Executors.Add("http://a");
        var file = new ModelRouteOptions { Name = "m" };
        file.Executors.Add("http://b");
        file.Executors.Add("http://a");
        var other = new ModelRouteOptions { Name = "n" };
        other.Executors.Add("http://c");

        var merged = ExecutorRoutes.Merge([configured], [file, other]);

        Assert.Equal(["m", "n"], merged.Select(r => r.Name));
        Assert.Equal(["http://a", "http://b"], merged[0].Executors);
        Assert.Equal(["http://c"], merged[1].Executors);
        Assert.Equal(["http://a"], configured.Executors);
    }
}
