using System.Text.Json;

namespace Otr.Sequencer.Tests.Kit;

/// <summary>Reads a <c>text/event-stream</c> body into its <c>data:</c> payloads.</summary>
public static class Sse
{
    public static List<string> DataLines(string body) =>
        [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Trim())
            .Where(e => e.Length > 0)
            .Select(e => e.StartsWith("data: ", StringComparison.Ordinal) ? e["data: ".Length..] : throw new FormatException($"not an SSE data event: '{e}'"))];

    public static List<JsonElement> Chunks(string body) =>
        [.. DataLines(body).Where(d => d != "[DONE]").Select(d => JsonDocument.Parse(d).RootElement.Clone())];
}
