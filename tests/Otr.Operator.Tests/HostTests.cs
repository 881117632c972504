using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Otr.Operator.Hosting;

namespace Otr.Operator.Tests;

public sealed class HostTests
{
    [Fact]
    public async Task Host_ServesHealthReadinessAndPrometheusMetrics()
    {
        await using var h = await Harness.StartAsync();
        await using var app = OperatorApp.Build(["--urls", "http://127.0.0.1:0", "--POD_NAME", "host-test", "--POD_NAMESPACE", Harness.OperatorNamespace],
            h.Server.CreateClient(), o =>
            {
                o.LeaseDuration = TimeSpan.FromSeconds(2);
                o.RenewDeadline = TimeSpan.FromMilliseconds(1500);
                o.RetryPeriod = TimeSpan.FromMilliseconds(200);
            });
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode);
        await Harness.EventuallyAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "ready once informers synced");
        await Harness.EventuallyAsync(async () => (await http.GetStringAsync("/metrics")).Contains("otr_operator_leader 1", StringComparison.Ordinal), "leading");
        var metrics = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("# TYPE otr_operator_reconciles_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("otr_operator_relists_total{resource=\"inferencemodels\"} 1", metrics, StringComparison.Ordinal);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void OptionsValidator_NamesEveryBadKey()
    {
        var options = Harness.Options("op");
        options.Workers = 0;
        options.LeaseName = "Bad_Name";
        options.Network.ChainId = 0;
        options.Network.RollupAddress = "0x12";
        options.RenewDeadline = options.LeaseDuration;
        var result = new OperatorOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        foreach (var key in new[] { "Operator:Workers", "Operator:LeaseName", "Operator:Network:ChainId", "Operator:Network:RollupAddress", "Operator:RenewDeadline" })
            Assert.Contains(result.Failures!, f => f.Contains(key, StringComparison.Ordinal));
        Assert.True(new OperatorOptionsValidator().Validate(null, Harness.Options("op")).Succeeded);
    }
}
