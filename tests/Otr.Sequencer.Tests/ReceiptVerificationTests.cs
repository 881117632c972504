using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Otr.Sequencer.Receipts;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

public sealed class ReceiptVerificationTests(SequencerFixture fixture) : IClassFixture<SequencerFixture>, IDisposable
{
    private IReceiptStore Store => fixture.Host.Services.GetRequiredService<IReceiptStore>();

    public void Dispose() => fixture.Executor.Misbehaviour = Misbehaviour.None;

    [Theory]
    [InlineData(Misbehaviour.TamperOutput, "outputHash")]
    [InlineData(Misbehaviour.WrongSigner, "signature")]
    [InlineData(Misbehaviour.WrongNonce, "nonce")]
    [InlineData(Misbehaviour.WrongDomain, "domain")]
    [InlineData(Misbehaviour.WrongPrompt, "promptHash")]
    public async Task Completion_ExecutorReceiptInvalid_Returns502AndStoresNothing(Misbehaviour misbehaviour, string named)
    {
        fixture.Executor.Misbehaviour = misbehaviour;
        var pending = Store.Pending().Count;

        using var response = await fixture.Host.Client.PostAsJsonAsync("/v1/chat/completions", Requests.Chat(), TestContext.Current.CancellationToken);

        var error = await response.AssertErrorAsync(502, null, "receipt_invalid");
        Assert.Contains(named, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-OTR-Receipt-Digest"));
        Assert.Equal(pending, Store.Pending().Count);
    }

    [Theory]
    [InlineData(Misbehaviour.TamperOutput)]
    [InlineData(Misbehaviour.WrongSigner)]
    [InlineData(Misbehaviour.StreamTextMismatch)]
    public async Task StreamingCompletion_ExecutorAnswerInvalid_EndsWithErrorEventAndNoDone(Misbehaviour misbehaviour)
    {
        fixture.Executor.Misbehaviour = misbehaviour;
        var pending = Store.Pending().Count;

        using var response = await fixture.Host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x", stream = true }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = Sse.DataLines(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain("[DONE]", data);
        var last = Sse.Chunks(string.Join("\n\n", data.Select(d => "data: " + d)))[^1];
        Assert.Equal("receipt_invalid", last.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(pending, Store.Pending().Count);
    }

    [Fact]
    public async Task Completion_AfterRejection_NextGoodAnswerIsAccepted()
    {
        fixture.Executor.Misbehaviour = Misbehaviour.WrongSigner;
        using (var bad = await fixture.Host.Client.PostAsJsonAsync("/v1/chat/completions", Requests.Chat(), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.BadGateway, bad.StatusCode);
        }

        fixture.Executor.Misbehaviour = Misbehaviour.None;
        using var good = await fixture.Host.Client.PostAsJsonAsync("/v1/chat/completions", Requests.Chat(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }
}
