using System.Globalization;
using System.Text.Json.Nodes;

namespace Otr.Kubernetes.Testing;

/// <summary>
/// The subset of CEL that the OTR CRDs' <c>x-kubernetes-validations</c> use: <c>self</c>, <c>oldSelf</c>,
/// field selection, <c>has()</c>, <c>==</c>, <c>!=</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>, parentheses and
/// string/integer/boolean literals. Anything else is rejected when the CRD is loaded, so a rule the fake
/// cannot evaluate fails loudly instead of passing silently.
/// </summary>
public sealed class Cel
{
    private readonly Node _root;

    private Cel(string source, Node root)
    {
        Source = source;
        _root = root;
        UsesOldSelf = source.Contains("oldSelf", StringComparison.Ordinal);
    }

    /// <summary>The rule text.</summary>
    public string Source { get; }

    /// <summary>Transition rules (mentioning <c>oldSelf</c>) run only on updates where the old value exists.</summary>
    public bool UsesOldSelf { get; }

    /// <summary>Parses <paramref name="rule"/>; throws <see cref="NotSupportedException"/> for CEL outside the subset.</summary>
    public static Cel Parse(string rule)
    {
        var parser = new Parser(Tokenize(rule), rule);
        var node = parser.ParseExpression();
        parser.ExpectEnd();
        return new Cel(rule, node);
    }

    /// <summary>Evaluates the rule; an error (e.g. selecting an absent field) counts as a failed rule.</summary>
    public bool Evaluate(JsonNode? self, JsonNode? oldSelf)
    {
        try
        {
            return Eval(_root, self, oldSelf) is true;
        }
        catch (CelException)
        {
            return false;
        }
    }

    private static object? Eval(Node node, JsonNode? self, JsonNode? oldSelf) => node switch
    {
        Literal l => l.Value,
        Ident { Name: "self" } => Normalize(self),
        Ident { Name: "oldSelf" } => Normalize(oldSelf),
        Ident i => throw new CelException($"unknown identifier {i.Name}"),
        Select s => Eval(s.Target, self, oldSelf) is JsonObject o && o.TryGetPropertyValue(s.Field, out var v)
            ? Normalize(v)
            : throw new CelException($"no such key: {s.Field}"),
        Has h => Eval(h.Target.Target, self, oldSelf) is JsonObject o && o.ContainsKey(h.Target.Field),
        Not n => Eval(n.Operand, self, oldSelf) is bool b ? !b : throw new CelException("! needs a bool"),
        Binary { Op: "&&" } b => Bool(b.Left, self, oldSelf) && Bool(b.Right, self, oldSelf),
        Binary { Op: "||" } b => Bool(b.Left, self, oldSelf) || Bool(b.Right, self, oldSelf),
        Binary { Op: "==" } b => AreEqual(Eval(b.Left, self, oldSelf), Eval(b.Right, self, oldSelf)),
        Binary { Op: "!=" } b => !AreEqual(Eval(b.Left, self, oldSelf), Eval(b.Right, self, oldSelf)),
        _ => throw new CelException("unsupported node"),
    };

    private static bool Bool(Node node, JsonNode? self, JsonNode? oldSelf) =>
        Eval(node, self, oldSelf) is bool b ? b : throw new CelException("operand is not a bool");

    private static bool AreEqual(object? a, object? b)
    {
        a = Normalize(a);
        b = Normalize(b);
        return a switch
        {
            JsonNode na when b is JsonNode nb => JsonNode.DeepEquals(na, nb),
            null => b is null,
            _ => a.Equals(b),
        };
    }

    private static object? Normalize(object? value) => value switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<int>(out var i) => (long)i,
        _ => value,
    };

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                tokens.Add(text[start..i]);
            }
            else if (char.IsDigit(c))
            {
                var start = i;
                while (i < text.Length && char.IsDigit(text[i]))
                    i++;
                tokens.Add(text[start..i]);
            }
            else if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                    throw new NotSupportedException($"CEL rule '{text}': unterminated string");
                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (i + 1 < text.Length && text.Substring(i, 2) is "==" or "!=" or "&&" or "||")
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else if (c is '.' or '(' or ')' or '!')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                throw new NotSupportedException($"CEL rule '{text}': character '{c}' is outside the supported subset");
            }
        }

        return tokens;
    }

    private abstract record Node;

    private sealed record Literal(object? Value) : Node;

    private sealed record Ident(string Name) : Node;

    private sealed record Select(Node Target, string Field) : Node;

    private sealed record Has(Select Target) : Node;

    private sealed record Not(Node Operand) : Node;

    private sealed record Binary(string Op, Node Left, Node Right) : Node;

    private sealed class CelException(string message) : Exception(message);

    private sealed class Parser(List<string> tokens, string text)
    {
        private int _at;

        public Node ParseExpression() => ParseOr();

        public void ExpectEnd()
        {
            if (_at != tokens.Count)
                throw Unsupported($"unexpected '{tokens[_at]}'");
        }

        private string? Peek => _at < tokens.Count ? tokens[_at] : null;

        private Node ParseOr()
        {
            var left = ParseAnd();
            while (Peek == "||")
            {
                _at++;
                left = new Binary("||", left, ParseAnd());
            }

            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseEquality();
            while (Peek == "&&")
            {
                _at++;
                left = new Binary("&&", left, ParseEquality());
            }

            return left;
        }

        private Node ParseEquality()
        {
            var left = ParseUnary();
            if (Peek is "==" or "!=")
            {
                var op = tokens[_at++];
                return new Binary(op, left, ParseUnary());
            }

            return left;
        }

        private Node ParseUnary()
        {
            if (Peek == "!")
            {
                _at++;
                return new Not(ParseUnary());
            }

            return ParsePrimary();
        }

        private Node ParsePrimary()
        {
            var token = Peek ?? throw Unsupported("unexpected end");
            _at++;
            if (token == "(")
            {
                var inner = ParseOr();
                Expect(")");
                return inner;
            }

            if (token == "has")
            {
                Expect("(");
                var target = ParseMember(Next()) as Select ?? throw Unsupported("has() needs a field selection");
                Expect(")");
                return new Has(target);
            }

            if (token is "true" or "false")
                return new Literal(token == "true");
            if (token[0] is '\'' or '"')
                return new Literal(token[1..^1]);
            if (char.IsDigit(token[0]))
                return new Literal(long.Parse(token, CultureInfo.InvariantCulture));
            return ParseMember(token);
        }

        private Node ParseMember(string first)
        {
            if (first is not ("self" or "oldSelf"))
                throw Unsupported($"identifier '{first}' (only self and oldSelf)");
            Node node = new Ident(first);
            while (Peek == ".")
            {
                _at++;
                node = new Select(node, Next());
            }

            if (Peek == "(")
                throw Unsupported("function calls other than has()");
            return node;
        }

        private string Next() => _at < tokens.Count ? tokens[_at++] : throw Unsupported("unexpected end");

        private void Expect(string token)
        {
            if (Next() != token)
                throw Unsupported($"expected '{token}'");
        }

        private NotSupportedException Unsupported(string what) => new($"CEL rule '{text}': {what} is outside the supported subset");
    }
}
