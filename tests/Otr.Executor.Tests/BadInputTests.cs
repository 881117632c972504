using System.Net;
using System.Net.Http.Json;
using System.Text;
using Otr.Api;
using Otr.Protocol;

namespace Otr.Executor.Tests;

public sealed class BadInputTests : IAsyncLifetime
{
    private static readonly string RequestId = Keccak.HashUtf8("bad input").ToString();
    private TestExecutor _executor = null!;

    public async ValueTask InitializeAsync() => _executor = await TestExecutor.StartAsync(o => o.MaxTokensLimit = 64);

    public async ValueTask DisposeAsync() => await _executor.DisposeAsync();

    public static TheoryData<string, HttpStatusCode, string?, string> Cases => new()
    {
        { "{not json", HttpStatusCode.BadRequest, null, "invalid_json" },
        { "null", HttpStatusCode.BadRequest, null, "invalid_json" },
        { """{"requestId":"0x12","model":"otr-demo-q8","prompt":"hi","maxTokens":4}""", HttpStatusCode.BadRequest, "requestId", "invalid_request_id" },
        { $$"""{"requestId":"{{RequestId[2..]}}","model":"otr-demo-q8","prompt":"hi","maxTokens":4}""", HttpStatusCode.BadRequest, "requestId", "invalid_request_id" },
        { $$"""{"requestId":"{{RequestId}}","model":"gpt-4","prompt":"hi","maxTokens":4}""", HttpStatusCode.NotFound, "model", "model_not_found" },
        { $$"""{"requestId":"{{RequestId}}","prompt":"hi","maxTokens":4}""", HttpStatusCode.BadRequest, "model", "missing_model" },
        { $$"""{"requestId":"{{RequestId}}","model":"otr-demo-q8","maxTokens":4}""", HttpStatusCode.BadRequest, "prompt", "missing_prompt" },
        { $$"""{"requestId":"{{RequestId}}","model":"otr-demo-q8","prompt":"hi","maxTokens":0}""", HttpStatusCode.BadRequest, "maxTokens", "invalid_max_tokens" },
        { $$"""{"requestId":"{{RequestId}}","model":"otr-demo-q8","prompt":"hi","maxTokens":65}""", HttpStatusCode.BadRequest, "maxTokens", "invalid_max_tokens" },
        { $$"""{"requestId":"{{RequestId}}","model":"otr-demo-q8","prompt":"hi","maxTokens":4,"temperatureMilli":10001}""", HttpStatusCode.BadRequest, "temperatureMilli", "invalid_temperature" },
        { $$"""{"requestId":"{{RequestId}}","model":"otr-demo-q8","prompt":"hi","maxTokens":-1}""", HttpStatusCode.BadRequest, "maxTokens", "invalid_json" },
        { $$"""{"requestId":"{{RequestId}}","model":"otr-demo-q8","prompt":"{{new string('x', 256)}}","maxTokens":4}""", HttpStatusCode.BadRequest, "prompt", "context_length_exceeded" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Execute_BadBody_IsRejectedWithApiError(string body, HttpStatusCode status, string? param, string code)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await _executor.Http.PostAsync("/v1/execute", content, TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ApiError>(TestExecutor.Json, TestContext.Current.CancellationToken);
        Assert.Equal(code, error!.Error.Code);
        Assert.Equal(param, error.Error.Param);
        Assert.False(string.IsNullOrWhiteSpace(error.Error.Message));
    }

    [Fact]
    public async Task Execute_PromptOneTokenShortOfTheContext_IsAccepted()
    {
        // 255 bytes + BOS = 256 tokens = the demo context: the prompt fits and one token is generated.
        var request = new ExecuteRequest(RequestId, "otr-demo-q8", new string('x', 255), 4, 0, 0, 0);

        using var response = await _executor.Http.PostAsJsonAsync("/v1/execute", request, TestExecutor.Json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<ExecuteResponse>(TestExecutor.Json, TestContext.Current.CancellationToken);
        Assert.Equal("context", result!.FinishReason);
        Assert.Single(result.Tokens);
    }
}
