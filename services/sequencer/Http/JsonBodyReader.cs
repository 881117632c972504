using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Otr.Sequencer.OpenAi;

namespace Otr.Sequencer.Http;

/// <summary>
/// Reads a request body as JSON: Content-Type must be <c>application/json</c> (415), the body at most
/// the configured size (413, checked against Content-Length and while reading), and valid JSON (400).
/// </summary>
internal static class JsonBodyReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static async Task<JsonDocument> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiProblemException.UnsupportedMediaType(request.ContentType);
        }

        if (request.ContentLength > limit)
        {
            throw ApiProblemException.TooLarge(limit);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        byte[] body;
        try
        {
            body = await ReadLimitedAsync(request.Body, limit, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw ApiProblemException.TooLarge(limit);
        }

        if (body.Length == 0)
        {
            throw ApiProblemException.Invalid(null, "The request body is empty; send a JSON object", "invalid_json");
        }

        try
        {
            return JsonDocument.Parse(body, Options);
        }
        catch (JsonException e)
        {
            throw ApiProblemException.Invalid(null, $"The request body is not valid JSON: {e.Message}", "invalid_json");
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await body.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > limit)
            {
                throw ApiProblemException.TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }
    }
}
