using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task Start_InvalidOptions_FailsNamingEverySetting()
    {
        using var data = new TempDirectory();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SequencerHost.StartAsync(data.Path, [], o =>
        {
            o.ChainId = 0;
            o.RollupAddress = "0x12";
            o.DataDirectory = "";
            o.DefaultMaxTokens = 1000;
            o.ApiKeys.Clear();
        }));

        var message = string.Join("\n", error.Failures);
        Assert.Contains("Sequencer:Models", message, StringComparison.Ordinal);
        Assert.Contains("Sequencer:ChainId", message, StringComparison.Ordinal);
        Assert.Contains("Sequencer:RollupAddress", message, StringComparison.Ordinal);
        Assert.Contains("Sequencer:DataDirectory", message, StringComparison.Ordinal);
        Assert.Contains("Sequencer:DefaultMaxTokens", message, StringComparison.Ordinal);
        Assert.Contains("Sequencer:ApiKeys", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadBatchingOptions_FailsNamingTheSetting()
    {
        using var data = new TempDirectory();
        await using var executor = await FakeExecutor.StartAsync(SequencerHost.Domain);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SequencerHost.StartAsync(data.Path, [executor], batching: b => b.MaxCount = 0));

        Assert.Contains("Sequencer:Batching:MaxCount", string.Join("\n", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Program_ConfiguredFromSettings_ServesHealthModelsAndCompletions()
    {
        using var data = new TempDirectory();
        await using var executor = await FakeExecutor.StartAsync(SequencerHost.Domain);
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Sequencer:Models:0:Name", FakeExecutor.DefaultModel);
            web.UseSetting("Sequencer:Models:0:Executors:0", executor.Url.ToString());
            web.UseSetting("Sequencer:ApiKeys:0", "k1");
            web.UseSetting("Sequencer:ChainId", "31337");
            web.UseSetting("Sequencer:RollupAddress", SequencerHost.Domain.VerifyingContract);
            web.UseSetting("Sequencer:DataDirectory", data.Path);
            web.UseSetting("Sequencer:Batching:Enabled", "false");
        });
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "k1");

        using var health = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        var models = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/models", TestContext.Current.CancellationToken);
        using var completion = await client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(FakeExecutor.DefaultModel, models.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);

        // Prometheus scrape endpoint: the sequencer's own meters and ASP.NET Core's, in text exposition format.
        var metrics = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("# TYPE ", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", metrics, StringComparison.Ordinal);
    }
}
