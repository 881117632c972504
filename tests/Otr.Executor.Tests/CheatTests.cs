using System.Net.Http.Json;
using Otr.Api;
using Otr.Executor.Configuration;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Tests;

public sealed class CheatTests
{
    private static readonly ExecuteRequest Request =
        new(Keccak.HashUtf8("cheat").ToString(), DemoModelFactory.DefaultName, "Tell me a story", 12, 0, 0, 1);

    private static async Task<(ExecuteResponse Response, SignedReceipt Receipt)> ExecuteAsync(TestExecutor executor, ExecuteRequest request)
    {
        using var http = await executor.Http.PostAsJsonAsync("/v1/execute", request, TestExecutor.Json, TestContext.Current.CancellationToken);
        http.EnsureSuccessStatusCode();
        var response = (await http.Content.ReadFromJsonAsync<ExecuteResponse>(TestExecutor.Json, TestContext.Current.CancellationToken))!;
        return (response, ReceiptJson.Deserialize(response.Receipt.GetRawText()));
    }

    [Fact]
    public async Task AlterOutputAfterSigning_ReturnsTokensTheValidReceiptDoesNotCommitTo()
    {
        await using var executor = await TestExecutor.StartAsync(o => o.Cheat = CheatMode.AlterOutputAfterSigning);
        var honest = Independent.Run(TestExecutor.DemoSeed, Request.Prompt, new DecodingParams(12, 0, 0));

        var (response, receipt) = await ExecuteAsync(executor, Request);

        Assert.True(receipt.IsSignedByExecutor());
        Assert.Equal(ReceiptFields.OutputHash(honest.Tokens), receipt.Receipt.OutputHash);
        Assert.Equal(honest.TraceRoot, receipt.Receipt.TraceRoot);
        Assert.NotEqual(receipt.Receipt.OutputHash, ReceiptFields.OutputHash(response.Tokens));
        Assert.NotEqual(ByteTokenizer.Decode(honest.Tokens, skipSpecial: true), response.Text);
    }

    [Fact]
    public async Task AlterOutputAfterSigning_Stream_StreamsTheAlteredTokens()
    {
        await using var executor = await TestExecutor.StartAsync(o => o.Cheat = CheatMode.AlterOutputAfterSigning);

        using var http = await executor.Http.PostAsJsonAsync("/v1/execute", Request with { Stream = true }, TestExecutor.Json, TestContext.Current.CancellationToken);
        var lines = (await http.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonSerializer.Deserialize<ExecuteStreamEvent>(l, TestExecutor.Json)!)
            .ToList();

        var result = lines[^1].Result!;
        Assert.Equal(result.Tokens, lines[..^1].Select(e => e.Token!.Value));
        Assert.NotEqual(ReceiptJson.Deserialize(result.Receipt.GetRawText()).Receipt.OutputHash, ReceiptFields.OutputHash(result.Tokens));
    }

    [Fact]
    public async Task OtherWeights_ClaimsTheRegisteredRootButItsTraceDiffersFromHonestReexecution()
    {
        await using var executor = await TestExecutor.StartAsync(o => o.Cheat = CheatMode.OtherWeights);
        var identity = await executor.IdentityAsync();
        var honest = Independent.Run(TestExecutor.DemoSeed, Request.Prompt, new DecodingParams(12, 0, 0));
        var actual = Independent.Run(TestExecutor.DemoSeed + 1, Request.Prompt, new DecodingParams(12, 0, 0));

        var (response, receipt) = await ExecuteAsync(executor, Request);

        Assert.Equal(DemoModelFactory.Create(TestExecutor.DemoSeed).WeightsRoot.ToString(), identity.WeightsRoot);
        Assert.True(receipt.IsSignedByExecutor());
        Assert.Equal(Keccak.HashUtf8(DemoModelFactory.DefaultName), receipt.Receipt.ModelId);
        Assert.Equal(actual.TraceRoot, receipt.Receipt.TraceRoot);
        Assert.NotEqual(honest.TraceRoot, receipt.Receipt.TraceRoot);
        Assert.Equal(ReceiptFields.OutputHash(response.Tokens), receipt.Receipt.OutputHash);
    }

    [Fact]
    public void OtherWeights_ModelFile_PerturbsEveryPositionEmbedding()
    {
        var model = DemoModelFactory.Create(3);

        var other = Otr.Executor.Inference.ModelLoader.OtherWeights(model, demoSeed: null);

        Assert.NotEqual(model.WeightsRoot, other.WeightsRoot);
        Assert.Equal(model.Name, other.Name);
        var prompt = ByteTokenizer.EncodePrompt("abc");
        var a = new CollectingTraceSink();
        var b = new CollectingTraceSink();
        new ReferenceInterpreter(model).Generate(prompt, new DecodingParams(2, 0, 0), a);
        new ReferenceInterpreter(other).Generate(prompt, new DecodingParams(2, 0, 0), b);
        Assert.NotEqual(a.Leaves[0], b.Leaves[0]);
    }
}
