using System.Collections.Frozen;
using System.Text;

namespace Otr.Protocol;

/// <summary>
/// A state machine as data: the legal (state, event) pairs and where each leads. A pair not in the
/// table is illegal. Rows whose target equals their source are legal no-ops (an event that may be
/// observed late or twice). Docs print the table with <see cref="ToMarkdown"/> or <see cref="ToMermaid"/>.
/// </summary>
/// <typeparam name="TState">The state enum.</typeparam>
/// <typeparam name="TEvent">The event enum.</typeparam>
public sealed class TransitionTable<TState, TEvent>
    where TState : struct, Enum
    where TEvent : struct, Enum
{
    private readonly FrozenDictionary<(TState, TEvent), TState> _next;

    /// <summary>Builds the table from its initial state and rows.</summary>
    /// <exception cref="ArgumentException">A (state, event) pair appears twice.</exception>
    public TransitionTable(TState initial, IEnumerable<Transition<TState, TEvent>> transitions)
    {
        Initial = initial;
        ArgumentNullException.ThrowIfNull(transitions);
        var rows = transitions.ToArray();
        var next = new Dictionary<(TState, TEvent), TState>();
        foreach (var row in rows)
        {
            if (!next.TryAdd((row.From, row.Event), row.To))
            {
                throw new ArgumentException($"({row.From}, {row.Event}) appears twice", nameof(transitions));
            }
        }

        Transitions = rows;
        _next = next.ToFrozenDictionary();
    }

    /// <summary>The state every instance starts in.</summary>
    public TState Initial { get; }

    /// <summary>The rows, in the order given.</summary>
    public IReadOnlyList<Transition<TState, TEvent>> Transitions { get; }

    /// <summary>True with the next state when the event is legal in the state.</summary>
    public bool TryApply(TState state, TEvent @event, out TState next) => _next.TryGetValue((state, @event), out next);

    /// <summary>The next state.</summary>
    /// <exception cref="InvalidOperationException">The event is not legal in the state.</exception>
    public TState Apply(TState state, TEvent @event) =>
        TryApply(state, @event, out var next)
            ? next
            : throw new InvalidOperationException($"{typeof(TEvent).Name}.{@event} is not legal in {typeof(TState).Name}.{state}");

    /// <summary>True when the event is legal in the state.</summary>
    public bool IsLegal(TState state, TEvent @event) => _next.ContainsKey((state, @event));

    /// <summary>States no event leaves (only legal no-ops, if any, remain).</summary>
    public IReadOnlyList<TState> TerminalStates() =>
        [.. Enum.GetValues<TState>().Where(s => !Transitions.Any(t => EqualityComparer<TState>.Default.Equals(t.From, s) && !EqualityComparer<TState>.Default.Equals(t.To, s)))];

    /// <summary>A Markdown table <c>| from | event | to |</c> of every row.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder("| from | event | to |\n| --- | --- | --- |\n");
        foreach (var t in Transitions)
        {
            text.Append($"| {t.From} | {t.Event} | {(EqualityComparer<TState>.Default.Equals(t.From, t.To) ? "(no change)" : t.To.ToString())} |\n");
        }

        return text.ToString();
    }

    /// <summary>A Mermaid <c>stateDiagram-v2</c> of the rows that change state (no-ops omitted), with start and terminal markers.</summary>
    public string ToMermaid()
    {
        var text = new StringBuilder("stateDiagram-v2\n");
        text.Append($"    [*] --> {Initial}\n");
        foreach (var t in Transitions.Where(t => !EqualityComparer<TState>.Default.Equals(t.From, t.To)))
        {
            text.Append($"    {t.From} --> {t.To} : {t.Event}\n");
        }

        foreach (var terminal in TerminalStates())
        {
            text.Append($"    {terminal} --> [*]\n");
        }

        return text.ToString();
    }
}
