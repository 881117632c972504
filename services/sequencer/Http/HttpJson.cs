using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Otr.Api;
using Otr.Sequencer.OpenAi;

namespace Otr.Sequencer.Http;

/// <summary>Writes JSON bodies (built with a <see cref="Utf8JsonWriter"/>) and OpenAI-style error bodies.</summary>
internal static class HttpJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync(HttpResponse response, int status, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    public static Task WriteErrorAsync(HttpResponse response, ApiProblemException problem)
    {
        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        return WriteAsync(response, problem.Status, json => WriteError(json, problem.Error), CancellationToken.None);
    }

    public static void WriteError(Utf8JsonWriter json, ApiError error) => JsonSerializer.Serialize(json, error, Options);
}
