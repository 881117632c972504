using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Otr.Api;

namespace Otr.Sequencer.Executors;

/// <summary>
/// <see cref="IExecutorClient"/> over HTTP: <c>GET {endpoint}/v1/identity</c>,
/// <c>POST {endpoint}/v1/execute</c> (JSON, or NDJSON lines of <see cref="ExecuteStreamEvent"/> when streaming).
/// Transport failures and 5xx become <see cref="ExecutorUnavailableException"/>; 4xx with an
/// <see cref="ApiError"/> body become <see cref="ExecutorRejectedException"/>.
/// </summary>
internal sealed class HttpExecutorClient(HttpClient http, Uri endpoint) : IExecutorClient
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Uri Endpoint { get; } = endpoint;

    public async Task<ExecutorIdentity> GetIdentityAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(Endpoint, "v1/identity")), HttpCompletionOption.ResponseContentRead, cancellationToken);
        var identity = await ReadJsonAsync<ExecutorIdentity>(response, "identity", cancellationToken);
        if (string.IsNullOrEmpty(identity.Address) || string.IsNullOrEmpty(identity.Model))
        {
            throw new ExecutorUnavailableException($"executor {Endpoint} answered /v1/identity without an address or model");
        }

        return identity;
    }

    public async Task<ExecuteResponse> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint, "v1/execute"))
        {
            Content = JsonContent.Create(request with { Stream = false }, options: Json),
        };
        using var response = await SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadJsonAsync<ExecuteResponse>(response, "execute", cancellationToken);
    }

    public async IAsyncEnumerable<ExecuteStreamEvent> ExecuteStreamAsync(ExecuteRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint, "v1/execute"))
        {
            Content = JsonContent.Create(request with { Stream = true }, options: Json),
        };
        using var response = await SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new ExecutorUnavailableException($"executor {Endpoint} broke off its stream: {e.Message}", e);
            }

            if (line is null)
            {
                yield break;
            }

            if (line.Length == 0)
            {
                continue;
            }

            ExecuteStreamEvent? item;
            try
            {
                item = JsonSerializer.Deserialize<ExecuteStreamEvent>(line, Json);
            }
            catch (JsonException e)
            {
                throw new ExecutorUnavailableException($"executor {Endpoint} sent a stream line that is not an ExecuteStreamEvent: {e.Message}", e);
            }

            if (item is null)
            {
                throw new ExecutorUnavailableException($"executor {Endpoint} sent a null stream line");
            }

            yield return item;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ExecutorUnavailableException($"executor {Endpoint} is unreachable: {e.Message}", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            ApiError? error = null;
            try
            {
                error = await response.Content.ReadFromJsonAsync<ApiError>(Json, cancellationToken);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or IOException or HttpRequestException)
            {
                // Not an ApiError body; the status alone decides.
            }

            if (status is >= 400 and < 500 && status != 408 && status != 429 && error?.Error is not null)
            {
                throw new ExecutorRejectedException(status, error);
            }

            throw new ExecutorUnavailableException($"executor {Endpoint} answered {status}{(error?.Error is null ? "" : ": " + error.Error.Message)}");
        }
    }

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string what, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new ExecutorUnavailableException($"executor {Endpoint} answered {what} with null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or IOException or HttpRequestException)
        {
            throw new ExecutorUnavailableException($"executor {Endpoint} answered {what} with a body that does not parse: {e.Message}", e);
        }
    }
}
