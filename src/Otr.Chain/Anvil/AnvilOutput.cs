using System.Text;

namespace Otr.Chain.Anvil;

/// <summary>A bounded, thread-safe buffer of the last lines a child process printed.</summary>
internal sealed class AnvilOutput
{
    private const int MaxLines = 400;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > MaxLines)
                _lines.Dequeue();
        }
    }

    public bool Contains(string text)
    {
        lock (_gate)
            return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
    }

    public string Snapshot()
    {
        lock (_gate)
        {
            var sb = new StringBuilder();
            foreach (var line in _lines)
                sb.AppendLine(line);
            return sb.ToString();
        }
    }
}
