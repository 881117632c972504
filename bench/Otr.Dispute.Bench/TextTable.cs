using System.Text;

namespace Otr.Dispute.Bench;

/// <summary>A plain text table: columns padded to their widest cell, numbers (cells starting with a digit) right-aligned.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params object[] cells) => _rows.Add([.. cells.Select(c => string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}", c))]);

    public override string ToString()
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells, bool header)
        {
            var padded = cells.Select((c, i) => !header && c.Length > 0 && (char.IsAsciiDigit(c[0]) || (c[0] == '-' && c.Length > 1 && char.IsAsciiDigit(c[1]))) ? c.PadLeft(widths[i]) : c.PadRight(widths[i]));
            text.Append(("  " + string.Join("  ", padded)).TrimEnd()).Append('\n');
        }

        Line(headers, header: true);
        Line([.. widths.Select(w => new string('-', w))], header: true);
        foreach (var row in _rows)
        {
            Line(row, header: false);
        }

        return text.ToString();
    }
}
