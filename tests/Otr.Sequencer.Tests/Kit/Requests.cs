using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Otr.Sequencer.Tests.Kit;

/// <summary>Request helpers.</summary>
public static class Requests
{
    public static object Chat(string content = "Hello") => new { model = FakeExecutor.DefaultModel, messages = new[] { new { role = "user", content } } };

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> JsonBodyAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();

    /// <summary>Asserts an OpenAI-style error with the status and param, returns the error object.</summary>
    public static async Task<JsonElement> AssertErrorAsync(this HttpResponseMessage response, int status, string? param, string? code = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
        var actualParam = error.GetProperty("param");
        if (param is null)
        {
            Assert.Equal(JsonValueKind.Null, actualParam.ValueKind);
        }
        else
        {
            Assert.Equal(param, actualParam.GetString());
        }

        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }

        return error.Clone();
    }
}
