using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Otr.Api;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Tests;

public sealed class ExecuteTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ExecuteRequest Request(string prompt = "Hello", uint maxTokens = 12, uint temperatureMilli = 0, ulong seed = 0, ulong nonce = 7) =>
        new(Keccak.HashUtf8(prompt + maxTokens + temperatureMilli + seed).ToString(), DemoModelFactory.DefaultName, prompt, maxTokens, temperatureMilli, seed, nonce);

    private static async Task<ExecuteResponse> ExecuteAsync(TestExecutor executor, ExecuteRequest request)
    {
        using var response = await executor.Http.PostAsJsonAsync("/v1/execute", request, TestExecutor.Json, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ExecuteResponse>(TestExecutor.Json, TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task Execute_Greedy_ReturnsReceiptThatVerifiesIndependently()
    {
        await using var executor = await TestExecutor.StartAsync(services: s => s.AddSingleton<TimeProvider>(new FixedTimeProvider(Now)));
        var identity = await executor.IdentityAsync();
        var request = Request("The quick brown fox");

        var response = await ExecuteAsync(executor, request);

        var signed = ReceiptJson.Deserialize(response.Receipt.GetRawText());
        var r = signed.Receipt;
        var domain = new Eip712Domain(31337, TestExecutor.Rollup);
        Assert.Equal(domain, signed.Domain);
        Assert.Equal(identity.Address, ReceiptSigner.Recover(ReceiptHasher.Digest(r, domain), signed.Signature));
        Assert.Equal(identity.Address, r.Executor);
        Assert.Equal(Bytes32.Parse(request.RequestId), r.RequestId);
        Assert.Equal(Keccak.HashUtf8("otr-demo-q8"), r.ModelId);
        Assert.Equal(Keccak.HashUtf8(request.Prompt), r.PromptHash);
        Assert.Equal(ReceiptFields.ParamsHash(new DecodingParams(12, 0, 0)), r.ParamsHash);
        Assert.Equal(ReceiptFields.OutputHash(response.Tokens), r.OutputHash);
        Assert.Equal(7UL, r.Nonce);
        Assert.Equal((ulong)Now.ToUnixTimeSeconds(), r.IssuedAt);

        var expected = Independent.Run(TestExecutor.DemoSeed, request.Prompt, new DecodingParams(12, 0, 0));
        Assert.Equal(expected.Tokens, response.Tokens);
        Assert.Equal(expected.TraceRoot, r.TraceRoot);
        Assert.Equal((ulong)expected.TraceLength, r.TraceLength);
        Assert.Equal(ByteTokenizer.Decode(response.Tokens, skipSpecial: true), response.Text);
        Assert.Equal(ByteTokenizer.EncodePrompt(request.Prompt).Length, response.PromptTokens);
        Assert.Equal("otr-demo-q8", response.Model);
        Assert.True(response.FinishReason is "stop" or "length");
    }

    [Fact]
    public async Task Execute_SeededSampling_IsAPureFunctionOfTheRequest()
    {
        await using var executor = await TestExecutor.StartAsync();
        var request = Request("Once upon a time", maxTokens: 16, temperatureMilli: 900, seed: 42);

        var first = ReceiptJson.Deserialize((await ExecuteAsync(executor, request)).Receipt.GetRawText()).Receipt;
        var second = ReceiptJson.Deserialize((await ExecuteAsync(executor, request with { Nonce = 8 })).Receipt.GetRawText()).Receipt;

        var expected = Independent.Run(TestExecutor.DemoSeed, request.Prompt, new DecodingParams(16, 900, 42));
        Assert.Equal(expected.TraceRoot, first.TraceRoot);
        Assert.Equal(first.OutputHash, second.OutputHash);
        Assert.Equal(first.TraceRoot, second.TraceRoot);
        Assert.Equal(8UL, second.Nonce);
    }

    [Fact]
    public async Task Execute_ReferenceEngine_SignsTheSameTraceAsOnnxRuntime()
    {
        await using var onnx = await TestExecutor.StartAsync();
        await using var reference = await TestExecutor.StartAsync(o => o.Engine = Otr.Executor.Configuration.EngineKind.Reference);
        var request = Request("Same bits everywhere", maxTokens: 10, temperatureMilli: 700, seed: 3);

        var a = ReceiptJson.Deserialize((await ExecuteAsync(onnx, request)).Receipt.GetRawText()).Receipt;
        var b = ReceiptJson.Deserialize((await ExecuteAsync(reference, request)).Receipt.GetRawText()).Receipt;

        Assert.Equal(a.TraceRoot, b.TraceRoot);
        Assert.Equal(a.OutputHash, b.OutputHash);
        Assert.Equal(a.TraceLength, b.TraceLength);
    }

    [Fact]
    public async Task Execute_ConcurrentRequests_EachGetsItsOwnCorrectReceipt()
    {
        await using var executor = await TestExecutor.StartAsync();
        var requests = Enumerable.Range(0, 6).Select(i => Request($"prompt number {i}", maxTokens: 8, nonce: (ulong)i)).ToArray();

        var responses = await Task.WhenAll(requests.Select(r => ExecuteAsync(executor, r)));

        for (var i = 0; i < requests.Length; i++)
        {
            var receipt = ReceiptJson.Deserialize(responses[i].Receipt.GetRawText()).Receipt;
            var expected = Independent.Run(TestExecutor.DemoSeed, requests[i].Prompt, new DecodingParams(8, 0, 0));
            Assert.Equal(expected.TraceRoot, receipt.TraceRoot);
            Assert.Equal((ulong)i, receipt.Nonce);
            Assert.Equal(Bytes32.Parse(requests[i].RequestId), receipt.RequestId);
        }
    }

    [Fact]
    public async Task Execute_Stream_SendsTokenLinesThenTheSignedResult()
    {
        await using var executor = await TestExecutor.StartAsync();
        var request = Request("Stream me", maxTokens: 10) with { Stream = true };

        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/execute") { Content = JsonContent.Create(request, options: TestExecutor.Json) };
        using var response = await executor.Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<ExecuteStreamEvent>(l, TestExecutor.Json)!)
            .ToList();
        var done = Assert.Single(lines, e => e.Type == "done");
        Assert.Same(done, lines[^1]);
        var tokenLines = lines[..^1];
        Assert.All(tokenLines, e => Assert.Equal("token", e.Type));
        var result = done.Result!;
        Assert.Equal(result.Tokens, tokenLines.Select(e => e.Token!.Value));
        Assert.Equal(result.Text, string.Concat(tokenLines.Select(e => e.Text)));
        var receipt = ReceiptJson.Deserialize(result.Receipt.GetRawText());
        Assert.True(receipt.IsSignedByExecutor());
        Assert.Equal(ReceiptFields.OutputHash(result.Tokens), receipt.Receipt.OutputHash);
        Assert.Equal(Independent.Run(TestExecutor.DemoSeed, request.Prompt, new DecodingParams(10, 0, 0)).TraceRoot, receipt.Receipt.TraceRoot);
    }
}
