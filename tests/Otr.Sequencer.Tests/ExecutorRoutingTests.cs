using System.Net;
using System.Net.Http.Json;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

public sealed class ExecutorRoutingTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private FakeExecutor _a = null!;
    private FakeExecutor _b = null!;

    public async ValueTask InitializeAsync()
    {
        _a = await FakeExecutor.StartAsync(SequencerHost.Domain, keySeed: 1);
        _b = await FakeExecutor.StartAsync(SequencerHost.Domain, keySeed: 2);
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Completions_TwoExecutors_AreRoutedRoundRobinWithPerExecutorNonces()
    {
        await using var host = await SequencerHost.StartAsync(_data.Path, [_a, _b]);

        for (var i = 0; i < 6; i++)
        {
            using var response = await host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, _a.ExecuteCalls);
        Assert.Equal(3, _b.ExecuteCalls);
        Assert.Equal([1ul, 2, 3], _a.Requests.Select(r => r.Nonce));
        Assert.Equal([1ul, 2, 3], _b.Requests.Select(r => r.Nonce));
        Assert.Equal(1, _a.IdentityCalls);
    }

    [Fact]
    public async Task Completion_OneExecutorFailing_IsAnsweredByTheOther()
    {
        _a.Misbehaviour = Misbehaviour.Fail500;
        await using var host = await SequencerHost.StartAsync(_data.Path, [_a, _b]);

        for (var i = 0; i < 4; i++)
        {
            using var response = await host.Client.PostAsJsonAsync("/v1/chat/completions", Requests.Chat(), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, _a.ExecuteCalls);
        Assert.Equal(4, _b.ExecuteCalls);
    }

    [Fact]
    public async Task StreamingCompletion_FirstExecutorFailing_IsStreamedByTheOther()
    {
        _a.Misbehaviour = Misbehaviour.Fail500;
        await using var host = await SequencerHost.StartAsync(_data.Path, [_a, _b]);

        using var response = await host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x", stream = true }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[DONE]", Sse.DataLines(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))[^1]);
        Assert.Equal(1, _b.ExecuteCalls);
    }

    [Fact]
    public async Task Completion_AllExecutorsFailing_Returns503()
    {
        _a.Misbehaviour = Misbehaviour.Fail500;
        _b.Misbehaviour = Misbehaviour.Fail500;
        await using var host = await SequencerHost.StartAsync(_data.Path, [_a, _b]);

        using var response = await host.Client.PostAsJsonAsync("/v1/chat/completions", Requests.Chat(), TestContext.Current.CancellationToken);
        using var streamed = await host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x", stream = true }, TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(503, null, "executor_unavailable");
        await streamed.AssertErrorAsync(503, null, "executor_unavailable");
    }

    [Fact]
    public async Task Completion_ExecutorUnreachable_Returns503()
    {
        var url = _a.Url;
        await _a.DisposeAsync();
        _a = await FakeExecutor.StartAsync(SequencerHost.Domain, keySeed: 1);
        await using var host = await SequencerHost.StartAsync(_data.Path, [], o => o.Models.Add(new Configuration.ModelRouteOptions { Name = FakeExecutor.DefaultModel, Executors = { url.ToString() } }));

        using var response = await host.Client.PostAsJsonAsync("/v1/chat/completions", Requests.Chat(), TestContext.Current.CancellationToken);

        var error = await response.AssertErrorAsync(503, null, "executor_unavailable");
        Assert.Contains("unreachable", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_ExecutorServesAnotherModel_Returns503()
    {
        _a.IdentityModel = "other-model";
        await using var host = await SequencerHost.StartAsync(_data.Path, [_a]);

        using var response = await host.Client.PostAsJsonAsync("/v1/chat/completions", Requests.Chat(), TestContext.Current.CancellationToken);

        var error = await response.AssertErrorAsync(503, null, "executor_unavailable");
        Assert.Contains("other-model", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _a.ExecuteCalls);
    }

    [Fact]
    public async Task Completion_ExecutorSignsForAnotherRollup_Returns503()
    {
        await using var foreign = await FakeExecutor.StartAsync(SequencerHost.Domain with { VerifyingContract = "0x2222222222222222222222222222222222222222" }, keySeed: 3);
        await using var host = await SequencerHost.StartAsync(_data.Path, [foreign]);

        using var response = await host.Client.PostAsJsonAsync("/v1/chat/completions", Requests.Chat(), TestContext.Current.CancellationToken);

        var error = await response.AssertErrorAsync(503, null, "executor_unavailable");
        Assert.Contains("0x2222222222222222222222222222222222222222", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, foreign.ExecuteCalls);
    }

    [Fact]
    public async Task StreamingCompletion_ExecutorBreaksMidStream_EndsWithErrorEvent()
    {
        _a.Misbehaviour = Misbehaviour.StreamBreaks;
        await using var host = await SequencerHost.StartAsync(_data.Path, [_a]);

        using var response = await host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x", stream = true }, TestContext.Current.CancellationToken);

        var data = Sse.DataLines(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain("[DONE]", data);
        Assert.Contains("executor_unavailable", data[^1], StringComparison.Ordinal);
    }
}
