using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Otr.Sequencer.Receipts;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

public sealed class RestartTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private FakeExecutor _executor = null!;

    public async ValueTask InitializeAsync() => _executor = await FakeExecutor.StartAsync(SequencerHost.Domain);

    public async ValueTask DisposeAsync()
    {
        await _executor.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Sequencer_Restarted_ServesEveryAnsweredReceiptAndKeepsNoncesIncreasing()
    {
        var digests = new List<string>();
        await using (var host = await SequencerHost.StartAsync(_data.Path, [_executor]))
        {
            for (var i = 0; i < 3; i++)
            {
                using var response = await host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = $"p{i}", stream = i == 1 }, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                if (i != 1)
                {
                    digests.Add(response.Headers.GetValues("X-OTR-Receipt-Digest").Single());
                }
            }
        }

        await using var restarted = await SequencerHost.StartAsync(_data.Path, [_executor]);
        using var after = await restarted.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "later" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        foreach (var digest in digests)
        {
            using var receipt = await restarted.Anonymous.GetAsync($"/v1/receipts/{digest}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        }

        Assert.Equal(4, restarted.Services.GetRequiredService<IReceiptStore>().Pending().Count);
        var nonces = _executor.Requests.Select(r => r.Nonce).ToList();
        Assert.True(nonces.Zip(nonces.Skip(1)).All(p => p.First < p.Second), string.Join(",", nonces));
    }
}
