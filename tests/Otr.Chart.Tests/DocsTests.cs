using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>docs/kubernetes.md documents every value of charts/otr/values.yaml.</summary>
public sealed class DocsTests
{
    private static readonly string[] Components = ["operator", "sequencer", "challenger", "prover", "committee"];

    /// <summary>Maps whose keys are free (labels, annotations) or whose shape is Kubernetes' own: documented as a whole.</summary>
    private static readonly string[] Opaque =
        ["commonLabels", "nodeSelector", "podAnnotations", "annotations", "labels", "executorPodLabels", "resources", "affinity"];

    [Fact]
    public void Every_value_is_in_the_values_reference()
    {
        var doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "kubernetes.md"));
        var values = Yaml.ParseDocuments(File.ReadAllText(Path.Combine(Repo.Chart, "values.yaml")))[0];
        var missing = Leaves(values, "").Where(path => !Documented(doc, path)).ToList();
        Assert.True(missing.Count == 0, $"docs/kubernetes.md does not mention: {string.Join(", ", missing)}");
        Assert.True(Leaves(values, "").Count() > 100);
    }

    [Fact]
    public void The_check_notices_an_undocumented_value()
    {
        Assert.False(Documented("`sequencer.limits.maxTokens`", "sequencer.limits.maxMessages"));
        Assert.True(Documented("`<component>.extraEnv`", "challenger.extraEnv"));
        Assert.False(Documented("`<component>.extraEnv`", "challenger.groupId"));
    }

    private static bool Documented(string doc, string path)
    {
        if (doc.Contains($"`{path}`", StringComparison.Ordinal))
            return true;
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && Components.Contains(path[..dot]) && doc.Contains($"`<component>{path[dot..]}`", StringComparison.Ordinal);
    }

    private static IEnumerable<string> Leaves(JsonNode? node, string path)
    {
        var name = path.Contains('.', StringComparison.Ordinal) ? path[(path.LastIndexOf('.') + 1)..] : path;
        if (node is JsonObject obj && obj.Count > 0 && !Opaque.Contains(name))
        {
            foreach (var (key, child) in obj)
            {
                foreach (var leaf in Leaves(child, path.Length == 0 ? key : $"{path}.{key}"))
                    yield return leaf;
            }
        }
        else
        {
            yield return path;
        }
    }
}
