using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

public sealed class AuthTests(SequencerFixture fixture) : IClassFixture<SequencerFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Bearer ")]
    [InlineData("Basic c2stdGVzdC1rZXk6")]
    [InlineData("sk-test-key")]
    public async Task Completion_WithoutValidKey_Returns401AuthenticationError(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(Requests.Chat()) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var calls = fixture.Executor.ExecuteCalls;
        using var response = await fixture.Host.Anonymous.SendAsync(request, TestContext.Current.CancellationToken);

        var error = await response.AssertErrorAsync(401, null, "invalid_api_key");
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(calls, fixture.Executor.ExecuteCalls);
    }

    [Fact]
    public async Task Models_WithoutKey_Returns401()
    {
        using var response = await fixture.Host.Anonymous.GetAsync("/v1/models", TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(401, null, "invalid_api_key");
    }

    [Fact]
    public async Task Completion_KeySchemeInOtherCase_IsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = JsonContent.Create(new { model = FakeExecutor.DefaultModel, prompt = "x" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", SequencerHost.ApiKey);

        using var response = await fixture.Host.Anonymous.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Completion_KeyNotRequired_AcceptsAnonymous()
    {
        using var data = new TempDirectory();
        await using var host = await SequencerHost.StartAsync(data.Path, [fixture.Executor], o => o.RequireApiKey = false);

        using var response = await host.Anonymous.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
