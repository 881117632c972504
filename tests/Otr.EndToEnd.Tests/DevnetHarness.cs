using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Otr.Cli.Devnet;
using Otr.Cli.Verify;

namespace Otr.EndToEnd.Tests;

/// <summary>A whole devnet shared by one test class (a class fixture), driven over HTTP like a user would.</summary>
public abstract class DevnetHarness : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "otr-e2e-" + Guid.NewGuid().ToString("n"));
    private ILoggerFactory? _loggers;

    public DevnetNetwork Net { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    protected virtual DevnetOptions Options(string dataDir) => new()
    {
        Port = 0,
        DataDirectory = dataDir,
        Window = TimeSpan.FromSeconds(6),
        BatchMaxAge = TimeSpan.FromSeconds(3),
        LogLevel = LogLevel.Warning,
    };

    public async ValueTask InitializeAsync()
    {
        _loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        Net = await DevnetNetwork.StartAsync(Options(_dataDir), _loggers, TestContext.Current.CancellationToken);
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Net.Info.ApiKey);
    }

    public async ValueTask DisposeAsync()
    {
        await Net.DisposeAsync();
        _loggers?.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    public async Task<JsonElement> ChatAsync(string content, int maxTokens = 16)
    {
        using var response = await Http.PostAsJsonAsync($"{Net.Info.Url}/v1/chat/completions", new
        {
            model = Net.Info.Model,
            messages = new[] { new { role = "user", content } },
            max_tokens = maxTokens,
        }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"chat failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<ReceiptReport> VerifyAsync(string document)
    {
        var target = new VerifyTarget(Net.Info.RpcUrl, Net.Info.Contracts.Rollup, Net.Info.Contracts.ExecutorRegistry, Net.Info.Url, Net.Info.ApiKey);
        var evidence = await new ReceiptInspector(Http).InspectAsync(document, target, TestContext.Current.CancellationToken);
        return ReceiptReportBuilder.Build(evidence);
    }

    public async Task<ReceiptReport> WaitForStateAsync(string document, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var report = await VerifyAsync(document);
            if (report.StateName == state || DateTime.UtcNow > deadline)
            {
                return report;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Polls the challenger until it has judged the receipt; returns its verdict JSON.</summary>
    public async Task<JsonElement> WaitForVerdictAsync(string digest, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await Http.GetAsync($"{Net.Info.ChallengerUrl}/v1/verdicts/{digest}", TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
            }

            Assert.True(DateTime.UtcNow < deadline, $"the challenger judged no receipt {digest} within {timeout}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    public static IEnumerable<string> FindingKinds(JsonElement verdict) =>
        verdict.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()!);
}
