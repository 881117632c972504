using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Otr.Protocol;
using Otr.Sequencer.Receipts;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

public sealed class CompletionsApiTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private FakeExecutor _executor = null!;
    private SequencerHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _executor = await FakeExecutor.StartAsync(SequencerHost.Domain);
        _host = await SequencerHost.StartAsync(_data.Path, [_executor]);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _executor.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task ChatCompletion_ValidRequest_ReturnsOpenAiShapeWithVerifiedReceipt()
    {
        using var response = await _host.Client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = FakeExecutor.DefaultModel,
            messages = new[] { new { role = "system", content = "Be brief." }, new { role = "user", content = "Hi" } },
            max_tokens = 5,
            temperature = 0.7,
            seed = 42,
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonBodyAsync();
        Assert.StartsWith("chatcmpl-", body.GetProperty("id").GetString());
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.True(body.GetProperty("created").GetInt64() > 1_700_000_000);
        Assert.Equal(FakeExecutor.DefaultModel, body.GetProperty("model").GetString());
        var choice = body.GetProperty("choices")[0];
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("answe", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        var usage = body.GetProperty("usage");
        Assert.Equal(5, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 5, usage.GetProperty("total_tokens").GetInt32());

        var otr = body.GetProperty("otr");
        var signed = ReceiptJson.Deserialize(otr.GetProperty("receipt").GetRawText());
        var digest = otr.GetProperty("receiptDigest").GetString();
        Assert.Equal(signed.Digest.ToString(), digest);
        Assert.Equal(digest, response.Headers.GetValues("X-OTR-Receipt-Digest").Single());
        Assert.True(signed.IsSignedByExecutor());
        Assert.Equal(_executor.Address, signed.Receipt.Executor, ignoreCase: true);
        Assert.Equal(body.GetProperty("id").GetString()!["chatcmpl-".Length..], signed.Receipt.RequestId.ToString()[2..]);

        var sent = Assert.Single(_executor.Requests);
        Assert.Equal(700u, sent.TemperatureMilli);
        Assert.Equal(42ul, sent.Seed);
        Assert.Equal(5u, sent.MaxTokens);
        Assert.Equal("<|system|>Be brief.<|eos|><|user|>Hi<|eos|><|assistant|>", sent.Prompt);
        Assert.Equal(ReceiptFields.PromptHash(sent.Prompt), signed.Receipt.PromptHash);
    }

    [Fact]
    public async Task TextCompletion_ValidRequest_ReturnsTextCompletionShape()
    {
        using var response = await _host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "Once upon", max_tokens = 64 }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonBodyAsync();
        Assert.StartsWith("cmpl-", body.GetProperty("id").GetString());
        Assert.Equal("text_completion", body.GetProperty("object").GetString());
        var choice = body.GetProperty("choices")[0];
        Assert.StartsWith("answer-", choice.GetProperty("text").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("Once upon", Assert.Single(_executor.Requests).Prompt);
        Assert.Equal(JsonValueKind.Object, body.GetProperty("otr").GetProperty("receipt").ValueKind);
    }

    [Fact]
    public async Task ChatCompletion_Streaming_SendsRoleDeltasFinishAndReceiptBeforeDone()
    {
        using var response = await _host.Client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = FakeExecutor.DefaultModel,
            messages = new[] { new { role = "user", content = "Hi" } },
            max_tokens = 64,
            seed = 7,
            stream = true,
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var data = Sse.DataLines(text);
        Assert.Equal("[DONE]", data[^1]);
        var chunks = Sse.Chunks(text);
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var content = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() == 1)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var v) ? v.GetString() : ""));
        Assert.Equal("answer-7", content);
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());

        var final = chunks[^1];
        Assert.Equal(0, final.GetProperty("choices").GetArrayLength());
        Assert.Equal(8, final.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        var digest = Bytes32.Parse(final.GetProperty("otr").GetProperty("receiptDigest").GetString()!);
        var signed = ReceiptJson.Deserialize(final.GetProperty("otr").GetProperty("receipt").GetRawText());
        Assert.Equal(digest, signed.Digest);
        Assert.NotNull(_host.Services.GetRequiredService<IReceiptStore>().Find(digest));
    }

    [Fact]
    public async Task TextCompletion_Streaming_SendsTextChunksAndReceipt()
    {
        using var response = await _host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x", seed = 3, stream = true }, TestContext.Current.CancellationToken);

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var chunks = Sse.Chunks(text);
        Assert.All(chunks, c => Assert.Equal("text_completion", c.GetProperty("object").GetString()));
        var content = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() == 1).Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString()));
        Assert.Equal("answer-3", content);
        Assert.True(chunks[^1].GetProperty("otr").TryGetProperty("receipt", out _));
        Assert.Equal("[DONE]", Sse.DataLines(text)[^1]);
    }

    [Fact]
    public async Task Models_Listed_ReturnsRegisteredModels()
    {
        var body = await _host.Client.GetFromJsonAsync<JsonElement>("/v1/models", TestContext.Current.CancellationToken);

        Assert.Equal("list", body.GetProperty("object").GetString());
        var model = Assert.Single(body.GetProperty("data").EnumerateArray());
        Assert.Equal(FakeExecutor.DefaultModel, model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
    }

    [Fact]
    public async Task Receipt_Stored_IsServedPendingWithoutBatch()
    {
        using var completion = await _host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "p" }, TestContext.Current.CancellationToken);
        var digest = completion.Headers.GetValues("X-OTR-Receipt-Digest").Single();

        using var response = await _host.Anonymous.GetAsync($"/v1/receipts/{digest}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonBodyAsync();
        Assert.Equal(digest, body.GetProperty("digest").GetString());
        Assert.Equal("pending", body.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("batch").ValueKind);
        Assert.Equal(digest, ReceiptJson.Deserialize(body.GetProperty("receipt").GetRawText()).Digest.ToString());
    }

    [Fact]
    public async Task Receipt_UnknownOrMalformedDigest_Returns404Or400()
    {
        using var unknown = await _host.Anonymous.GetAsync($"/v1/receipts/{Bytes32.Zero}", TestContext.Current.CancellationToken);
        using var malformed = await _host.Anonymous.GetAsync("/v1/receipts/0x1234", TestContext.Current.CancellationToken);

        await unknown.AssertErrorAsync(404, "digest", "receipt_not_found");
        await malformed.AssertErrorAsync(400, "digest");
    }

    [Fact]
    public async Task UnknownV1Path_Returns404Json()
    {
        using var response = await _host.Client.GetAsync("/v1/nope", TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(404, null, "unknown_url");
    }

    [Fact]
    public async Task Completion_WithoutSeed_UsesSeedDerivedFromRequestId()
    {
        using var response = await _host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "p" }, TestContext.Current.CancellationToken);
        var body = await response.JsonBodyAsync();

        var requestId = Bytes32.Parse(body.GetProperty("id").GetString()!["cmpl-".Length..]);
        var sent = Assert.Single(_executor.Requests);
        Assert.Equal(Pipeline.CompletionService.DefaultSeed(requestId), sent.Seed);
        Assert.Equal(1000u, sent.TemperatureMilli);
        Assert.Equal(16u, sent.MaxTokens);
    }
}
