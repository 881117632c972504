using System.Text.Json.Nodes;

namespace Otr.Kubernetes.Testing;

/// <summary>Equality-based label selectors: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k</c>, <c>!k</c>, comma-separated.</summary>
public sealed class LabelSelector
{
    private readonly List<Func<JsonObject?, bool>> _terms = [];

    /// <summary>Parses a selector; empty or null selects everything.</summary>
    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        foreach (var raw in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Contains("!=", StringComparison.Ordinal))
            {
                var (k, v) = Split(raw, "!=");
                selector._terms.Add(l => Value(l, k) != v);
            }
            else if (raw.Contains('=', StringComparison.Ordinal))
            {
                var (k, v) = Split(raw, raw.Contains("==", StringComparison.Ordinal) ? "==" : "=");
                selector._terms.Add(l => Value(l, k) == v);
            }
            else if (raw.StartsWith('!'))
            {
                var k = raw[1..];
                selector._terms.Add(l => Value(l, k) is null);
            }
            else
            {
                selector._terms.Add(l => Value(l, raw) is not null);
            }
        }

        return selector;
    }

    /// <summary>Whether the object's labels match.</summary>
    public bool Matches(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var labels = obj["metadata"]?["labels"] as JsonObject;
        return _terms.All(t => t(labels));
    }

    private static (string, string) Split(string term, string op)
    {
        var at = term.IndexOf(op, StringComparison.Ordinal);
        return (term[..at].Trim(), term[(at + op.Length)..].Trim());
    }

    private static string? Value(JsonObject? labels, string key) => labels?[key]?.GetValue<string>();
}
