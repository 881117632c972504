using System.Net;
using System.Net.Http.Json;
using System.Text;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

public sealed class InputValidationTests(SequencerFixture fixture) : IClassFixture<SequencerFixture>
{
    private const string Chat = "/v1/chat/completions";
    private const string Text = "/v1/completions";
    private const string M = "\"model\":\"otr-demo-q8\"";
    private const string Msgs = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    public static TheoryData<string, string, int, string?, string?> BadBodies => new()
    {
        // path, body, status, param, code
        { Chat, "{\"model\":", 400, null, "invalid_json" },
        { Chat, "[]", 400, null, "invalid_json" },
        { Chat, "\"just a string\"", 400, null, "invalid_json" },
        { Chat, "{" + Msgs + "}", 400, "model", "missing_required_parameter" },
        { Chat, "{\"model\":7," + Msgs + "}", 400, "model", null },
        { Chat, "{\"model\":\"gpt-9\"," + Msgs + "}", 404, "model", "model_not_found" },
        { Chat, "{" + M + "}", 400, "messages", "missing_required_parameter" },
        { Chat, "{" + M + ",\"messages\":[]}", 400, "messages", "empty_array" },
        { Chat, "{" + M + ",\"messages\":\"hi\"}", 400, "messages", null },
        { Chat, "{" + M + ",\"messages\":[" + string.Join(",", Enumerable.Repeat("{\"role\":\"user\",\"content\":\"x\"}", 9)) + "]}", 400, "messages", "array_too_long" },
        { Chat, "{" + M + ",\"messages\":[\"hi\"]}", 400, "messages[0]", null },
        { Chat, "{" + M + ",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", 400, "messages[0].role", null },
        { Chat, "{" + M + ",\"messages\":[{\"content\":\"hi\"}]}", 400, "messages[0].role", "missing_required_parameter" },
        { Chat, "{" + M + ",\"messages\":[{\"role\":\"user\"}]}", 400, "messages[0].content", "missing_required_parameter" },
        { Chat, "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":5}]}", 400, "messages[0].content", null },
        { Chat, "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]}]}", 400, "messages[0].content[0].type", "unsupported_parameter" },
        { Chat, "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}", 400, "messages", "empty_prompt" },
        { Chat, "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"\\ud800\"}]}", 400, "messages[0].content", "invalid_encoding" },
        { Chat, "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 4097) + "\"}]}", 400, "messages", "context_length_exceeded" },
        { Chat, "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 4090) + "\"}]}", 400, "messages", "context_length_exceeded" },
        { Chat, "{" + M + "," + Msgs + ",\"max_tokens\":0}", 400, "max_tokens", null },
        { Chat, "{" + M + "," + Msgs + ",\"max_tokens\":65}", 400, "max_tokens", null },
        { Chat, "{" + M + "," + Msgs + ",\"max_tokens\":-3}", 400, "max_tokens", null },
        { Chat, "{" + M + "," + Msgs + ",\"max_tokens\":1.5}", 400, "max_tokens", null },
        { Chat, "{" + M + "," + Msgs + ",\"max_tokens\":\"5\"}", 400, "max_tokens", null },
        { Chat, "{" + M + "," + Msgs + ",\"max_completion_tokens\":100000}", 400, "max_completion_tokens", null },
        { Chat, "{" + M + "," + Msgs + ",\"temperature\":-0.1}", 400, "temperature", null },
        { Chat, "{" + M + "," + Msgs + ",\"temperature\":2.001}", 400, "temperature", null },
        { Chat, "{" + M + "," + Msgs + ",\"temperature\":\"hot\"}", 400, "temperature", null },
        { Chat, "{" + M + "," + Msgs + ",\"temperature\":1e400}", 400, "temperature", null },
        { Chat, "{" + M + "," + Msgs + ",\"seed\":-1}", 400, "seed", null },
        { Chat, "{" + M + "," + Msgs + ",\"seed\":1.5}", 400, "seed", null },
        { Chat, "{" + M + "," + Msgs + ",\"seed\":\"42\"}", 400, "seed", null },
        { Chat, "{" + M + "," + Msgs + ",\"seed\":18446744073709551616}", 400, "seed", null },
        { Chat, "{" + M + "," + Msgs + ",\"stream\":\"yes\"}", 400, "stream", null },
        { Chat, "{" + M + "," + Msgs + ",\"stream_options\":5}", 400, "stream_options", null },
        { Chat, "{" + M + "," + Msgs + ",\"n\":2}", 400, "n", "unsupported_parameter" },
        { Chat, "{" + M + "," + Msgs + ",\"stop\":[\"x\"]}", 400, "stop", "unsupported_parameter" },
        { Chat, "{" + M + "," + Msgs + ",\"stop\":\"x\"}", 400, "stop", "unsupported_parameter" },
        { Chat, "{" + M + "," + Msgs + ",\"top_p\":0.5}", 400, "top_p", "unsupported_parameter" },
        { Chat, "{" + M + "," + Msgs + ",\"presence_penalty\":1}", 400, "presence_penalty", "unsupported_parameter" },
        { Chat, "{" + M + "," + Msgs + ",\"logit_bias\":{\"1\":5}}", 400, "logit_bias", "unsupported_parameter" },
        { Chat, "{" + M + "," + Msgs + ",\"tools\":[{}]}", 400, "tools", "unsupported_parameter" },
        { Chat, "{" + M + "," + Msgs + ",\"response_format\":{\"type\":\"json_object\"}}", 400, "response_format", "unsupported_parameter" },
        { Text, "{" + M + "}", 400, "prompt", "missing_required_parameter" },
        { Text, "{" + M + ",\"prompt\":\"\"}", 400, "prompt", "empty_prompt" },
        { Text, "{" + M + ",\"prompt\":[1,2,3]}", 400, "prompt", null },
        { Text, "{" + M + ",\"prompt\":[\"a\",\"b\"]}", 400, "prompt", null },
        { Text, "{" + M + ",\"prompt\":{}}", 400, "prompt", null },
        { Text, "{" + M + ",\"prompt\":\"" + new string('a', 4097) + "\"}", 400, "prompt", "context_length_exceeded" },
        { Text, "{" + M + ",\"prompt\":\"x\",\"echo\":true}", 400, "echo", "unsupported_parameter" },
        { Text, "{" + M + ",\"prompt\":\"x\",\"best_of\":3}", 400, "best_of", "unsupported_parameter" },
        { Text, "{" + M + ",\"prompt\":\"x\",\"suffix\":\"y\"}", 400, "suffix", "unsupported_parameter" },
        { Text, "{\"model\":\"nope\",\"prompt\":\"x\"}", 404, "model", "model_not_found" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Completion_BadBody_Returns4xxNamingTheParam(string path, string body, int status, string? param, string? code)
    {
        var calls = fixture.Executor.ExecuteCalls;
        using var response = await fixture.Host.Client.PostAsync(path, Requests.Json(body), TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(status, param, code);
        Assert.Equal(calls, fixture.Executor.ExecuteCalls);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Completion_WrongContentType_Returns415(string? contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{" + M + "," + Msgs + "}"));
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await fixture.Host.Client.PostAsync(Chat, content, TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(415, null, "unsupported_media_type");
    }

    [Fact]
    public async Task Completion_BodyTooLarge_Returns413()
    {
        var body = "{" + M + ",\"prompt\":\"" + new string('a', 70 * 1024) + "\"}";

        using var response = await fixture.Host.Client.PostAsync(Text, Requests.Json(body), TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(413, null, "request_too_large");
    }

    [Fact]
    public async Task Completion_BodyTooLargeWithoutContentLength_Returns413()
    {
        var body = Encoding.UTF8.GetBytes("{" + M + ",\"prompt\":\"" + new string('a', 70 * 1024) + "\"}");
        using var content = new StreamContent(new NonSeekableStream(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await fixture.Host.Client.PostAsync(Text, content, TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(413, null, "request_too_large");
    }

    [Fact]
    public async Task Completion_NeutralOptionalParams_AreAccepted()
    {
        var body = "{" + M + "," + Msgs + ",\"n\":1,\"stop\":null,\"top_p\":1,\"frequency_penalty\":0,\"presence_penalty\":0,\"logprobs\":false,\"user\":\"u1\",\"tools\":[],\"response_format\":{\"type\":\"text\"},\"max_completion_tokens\":4,\"temperature\":0}";

        using var response = await fixture.Host.Client.PostAsync(Chat, Requests.Json(body), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = fixture.Executor.Requests[^1];
        Assert.Equal(4u, sent.MaxTokens);
        Assert.Equal(0u, sent.TemperatureMilli);
    }

    [Theory]
    [InlineData("0.0004", 0u)]
    [InlineData("0.0005", 1u)]
    [InlineData("1", 1000u)]
    [InlineData("1.2345", 1235u)]
    [InlineData("2", 2000u)]
    public async Task Completion_Temperature_IsRoundedToNearestMilli(string temperature, uint milli)
    {
        var body = "{" + M + ",\"prompt\":\"x\",\"max_tokens\":1,\"temperature\":" + temperature + "}";

        using var response = await fixture.Host.Client.PostAsync(Text, Requests.Json(body), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(milli, fixture.Executor.Requests[^1].TemperatureMilli);
    }

    [Fact]
    public async Task Completion_MaxUInt64Seed_IsAccepted()
    {
        var body = "{" + M + ",\"prompt\":\"x\",\"max_tokens\":1,\"seed\":18446744073709551615}";

        using var response = await fixture.Host.Client.PostAsync(Text, Requests.Json(body), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ulong.MaxValue, fixture.Executor.Requests[^1].Seed);
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
