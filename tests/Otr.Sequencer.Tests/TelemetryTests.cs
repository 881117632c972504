using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Otr.Messaging;
using Otr.Sequencer.Batching;
using Otr.Sequencer.Telemetry;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Sequencer_AnsweringAndBatching_RecordsItsInstrumentsAndSpans()
    {
        using var data = new TempDirectory();
        await using var executor = await FakeExecutor.StartAsync(SequencerHost.Domain);
        await using var bus = new InProcessBus();
        var poster = new RecordingBatchPoster();
        await using var host = await SequencerHost.StartAsync(
            data.Path,
            [executor],
            batching: b => (b.Enabled, b.MaxCount, b.TickInterval) = (true, 2, TimeSpan.FromMilliseconds(25)),
            services: s => s.AddSingleton<IBatchPoster>(poster).AddSingleton<IMessageBus>(bus));
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentBag<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SequencerMetrics.Name && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, Tags(tags))));
        listener.Start();
        var spans = new ConcurrentBag<string>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SequencerMetrics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a => spans.Add(a.OperationName),
        };
        ActivitySource.AddActivityListener(activities);

        for (var i = 0; i < 2; i++)
        {
            using var ok = await host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x" }, TestContext.Current.CancellationToken);
        }

        using var bad = await host.Client.PostAsJsonAsync("/v1/completions", new { model = "nope", prompt = "x" }, TestContext.Current.CancellationToken);
        // Instruments are recorded as the handlers and the agent finish, which may be just after the client has its answer.
        await Eventually.HoldsAsync(
            () => measurements.Any(m => m.Name == SequencerMetrics.BatchesPosted) && measurements.Count(m => m.Name == SequencerMetrics.Requests) == 3 && spans.Contains("sequencer.batch"),
            "requests counted and a batch posted");

        var requests = measurements.Where(m => m.Name == SequencerMetrics.Requests).ToList();
        Assert.Equal(2, requests.Count(m => Equals(m.Tags["status"], 200) && Equals(m.Tags["endpoint"], "completions") && Equals(m.Tags["model"], FakeExecutor.DefaultModel)));
        Assert.Single(requests, m => Equals(m.Tags["status"], 404));
        Assert.Equal(2, measurements.Count(m => m.Name == SequencerMetrics.ReceiptLatency && m.Value > 0));
        Assert.Contains("sequencer.completion", spans);
        Assert.Contains("sequencer.execute", spans);
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
