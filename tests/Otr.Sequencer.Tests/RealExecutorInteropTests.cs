extern alias executor;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using executor::Otr.Executor;
using executor::Otr.Executor.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Otr.Protocol;
using Otr.Sequencer.Configuration;
using Otr.Sequencer.Receipts;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

/// <summary>The sequencer against the real executor (demo q8 model, simulated TEE, off-chain), hosted in-process on loopback.</summary>
public sealed class RealExecutorInteropTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly List<WebApplication> _executors = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _executors)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        _data.Dispose();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Completions_RealExecutor_AnswersWithVerifiedStoredReceipts()
    {
        var ct = TestContext.Current.CancellationToken;
        var (url, model) = await StartExecutorAsync(CheatMode.None);
        await using var host = await StartSequencerAsync(url, model);

        using var chat = await host.Client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "Hello" } }, max_tokens = 8, temperature = 0 }, ct);
        using var streamed = await host.Client.PostAsJsonAsync("/v1/completions", new { model, prompt = "Once", max_tokens = 8, temperature = 0.8, seed = 5, stream = true }, ct);

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        var body = await chat.JsonBodyAsync();
        var signed = ReceiptJson.Deserialize(body.GetProperty("otr").GetProperty("receipt").GetRawText());
        Assert.True(signed.IsSignedByExecutor());
        Assert.NotNull(host.Services.GetRequiredService<IReceiptStore>().Find(signed.Digest));
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        var text = await streamed.Content.ReadAsStringAsync(ct);
        Assert.Equal("[DONE]", Sse.DataLines(text)[^1]);
        var final = Sse.Chunks(text)[^1];
        Assert.NotNull(host.Services.GetRequiredService<IReceiptStore>().Find(Bytes32.Parse(final.GetProperty("otr").GetProperty("receiptDigest").GetString()!)));
    }

    [Fact]
    public async Task Completion_ExecutorAltersOutputAfterSigning_IsRejected()
    {
        var (url, model) = await StartExecutorAsync(CheatMode.AlterOutputAfterSigning);
        await using var host = await StartSequencerAsync(url, model);

        using var response = await host.Client.PostAsJsonAsync("/v1/completions", new { model, prompt = "Once", max_tokens = 8 }, TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(502, null, "receipt_invalid");
        Assert.Empty(host.Services.GetRequiredService<IReceiptStore>().Pending());
    }

    private async Task<(Uri Url, string Model)> StartExecutorAsync(CheatMode cheat)
    {
        var app = ExecutorApp.Build([], o =>
        {
            o.DemoSeed = 1;
            o.ChainId = SequencerHost.Domain.ChainId;
            o.RollupAddress = SequencerHost.Domain.VerifyingContract;
            o.Cheat = cheat;
        });
        app.Urls.Add("http://127.0.0.1:0");
        _executors.Add(app);
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient();
        var identity = await http.GetFromJsonAsync<JsonElement>(new Uri(url, "/v1/identity"), TestContext.Current.CancellationToken);
        return (url, identity.GetProperty("model").GetString()!);
    }

    private Task<SequencerHost> StartSequencerAsync(Uri executor, string model) =>
        SequencerHost.StartAsync(_data.Path, [], o => o.Models.Add(new ModelRouteOptions { Name = model, Executors = { executor.ToString() } }));
}
