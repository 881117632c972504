using System.Net.Http.Json;
using System.Text.Json;

namespace Otr.Chain.Anvil;

/// <summary>A minimal JSON-RPC client for Anvil's test methods (no retries: loopback only).</summary>
internal sealed class AnvilRpc(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
    private long _id;

    public async Task<JsonElement> CallAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct)
    {
        var request = new { jsonrpc = "2.0", id = Interlocked.Increment(ref _id), method, @params = parameters };
        using var response = await _http.PostAsJsonAsync("", request, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), cancellationToken: ct).ConfigureAwait(false);
        if (doc.RootElement.TryGetProperty("error", out var error))
            throw new AnvilException($"Anvil rejected {method}: {error.GetRawText()}");
        return doc.RootElement.TryGetProperty("result", out var result) ? result.Clone() : default;
    }

    public void Dispose() => _http.Dispose();
}
