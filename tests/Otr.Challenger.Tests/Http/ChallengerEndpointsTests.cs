using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Otr.Challenger.Tests.Kit;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Challenger.Tests.Http;

public sealed class ChallengerEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Endpoints_AfterHonestAndCheatingReceipts_ListFindingsAndServeVerdicts()
    {
        await using var net = new ChallengerNetwork();
        var greedy = new DecodingParams(10, 0, 0);
        var honest = net.Executor.Execute(new ReferenceInterpreter(ChallengerNetwork.HonestModel), "fine", greedy);
        var cheat = net.Executor.Execute(new ReferenceInterpreter(ChallengerNetwork.OtherModel), "sly", greedy, ChallengerNetwork.HonestModel.Name);
        var altered = net.Executor.Execute(new ReferenceInterpreter(ChallengerNetwork.HonestModel), "edited", greedy);
        await net.PublishBatchAsync([honest, cheat, altered], (i, m) => i == 2 ? m with { OutputTokens = [1, 2, 3] } : m);
        await using var app = net.BuildChallengerApp();
        await app.StartAsync(Ct);
        using var http = new HttpClient { BaseAddress = new Uri(Address(app)) };
        await WaitForReceiptsCheckedAsync(app, 3);

        using var all = await GetJsonAsync(http, "/v1/findings");
        var kinds = all.RootElement.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ToList();
        Assert.Equal(3, all.RootElement.GetProperty("receiptsChecked").GetInt32());
        Assert.Contains(FindingKind.TraceMismatch, kinds);
        Assert.Contains(FindingKind.OutputHashMismatch, kinds);
        Assert.Equal(FindingKind.OutputHashMismatch, kinds[0]); // newest receipt first

        using var traces = await GetJsonAsync(http, "/v1/findings?kind=trace_mismatch");
        var trace = Assert.Single(traces.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(cheat.Signed.Digest.ToString(), trace.GetProperty("digest").GetString());
        Assert.True(trace.GetProperty("disputable").GetBoolean());

        using var verdict = await GetJsonAsync(http, $"/v1/verdicts/{cheat.Signed.Digest}");
        Assert.Equal(cheat.Signed.Receipt.TraceRoot.ToString(), verdict.RootElement.GetProperty("trace").GetProperty("claimedRoot").GetString());
        Assert.Equal("included", verdict.RootElement.GetProperty("inclusion").GetString(), ignoreCase: true);

        using var clean = await GetJsonAsync(http, $"/v1/verdicts/{honest.Signed.Digest}");
        Assert.True(clean.RootElement.GetProperty("isClean").GetBoolean());

        var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        await app.StopAsync(Ct);
    }

    [Theory]
    [InlineData("/v1/findings?kind=nope", HttpStatusCode.BadRequest, "invalid_kind")]
    [InlineData("/v1/findings?limit=0", HttpStatusCode.BadRequest, "invalid_limit")]
    [InlineData("/v1/verdicts/0x1234", HttpStatusCode.BadRequest, "invalid_digest")]
    [InlineData("/v1/verdicts/0x1111111111111111111111111111111111111111111111111111111111111111", HttpStatusCode.NotFound, "verdict_not_found")]
    public async Task Endpoints_BadRequest_AnswerWithNamedError(string path, HttpStatusCode status, string code)
    {
        await using var net = new ChallengerNetwork();
        await using var app = net.BuildChallengerApp();
        await app.StartAsync(Ct);
        using var http = new HttpClient { BaseAddress = new Uri(Address(app)) };

        var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(code, body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetProperty("message").GetString()));
        await app.StopAsync(Ct);
    }

    [Fact]
    public async Task ChallengerApp_NoL1Configured_FailsStartNamingTheSettings()
    {
        await using var bus = new Otr.Messaging.InProcessBus();
        using var dir = new TempDirectory();
        await using var app = ChallengerApp.Build(
            ["--urls=http://127.0.0.1:0"],
            bus,
            o =>
            {
                o.DemoSeed = 1;
                o.Engine = ChallengerEngine.Reference;
                o.FindingsPath = dir.File("f.jsonl");
            });

        var e = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(Ct));

        Assert.Contains("Challenger:L1:RpcUrl", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChallengerApp_InvalidOptions_FailsStartWithEveryError()
    {
        await using var bus = new Otr.Messaging.InProcessBus();
        await using var app = ChallengerApp.Build(
            ["--urls=http://127.0.0.1:0"],
            bus,
            o =>
            {
                o.DemoSeed = 1;
                o.ModelPath = "x.q8";
                o.RetryDelay = TimeSpan.Zero;
                o.L1.RpcUrl = "not a url";
                o.L1.Rollup = "0x12";
            });

        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync(Ct));

        Assert.Contains("Challenger:ModelPath and Challenger:DemoSeed are exclusive", e.Message, StringComparison.Ordinal);
        Assert.Contains("Challenger:RetryDelay must be positive", e.Message, StringComparison.Ordinal);
        Assert.Contains("Challenger:L1:RpcUrl must be an absolute", e.Message, StringComparison.Ordinal);
        Assert.Contains("Challenger:L1:Rollup must be 0x", e.Message, StringComparison.Ordinal);
        Assert.Contains("Challenger:L1:ModelRegistry is required", e.Message, StringComparison.Ordinal);
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task WaitForReceiptsCheckedAsync(WebApplication app, int count)
    {
        var store = app.Services.GetRequiredService<IFindingStore>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (store.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {store.Count} of {count} receipts judged");
            await Task.Delay(20, Ct);
        }
    }
}
