using System.CommandLine.Parsing;
using System.Globalization;

namespace Otr.Cli;

/// <summary>Parses durations written as <c>30s</c>, <c>5m</c>, <c>1h</c>, plain seconds, or <c>hh:mm:ss</c>.</summary>
internal static class Durations
{
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        result.AddError($"'{text}' is not a positive duration (examples: 30s, 5m, 1h, 90, 00:01:30)");
        return default;
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var unit = text[^1];
        var number = char.IsLetter(unit) ? text[..^1] : text;
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && !text.Contains(':', StringComparison.Ordinal))
        {
            value = unit switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                _ when char.IsDigit(unit) => TimeSpan.FromSeconds(n),
                _ => TimeSpan.MinValue,
            };
            return value != TimeSpan.MinValue;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
