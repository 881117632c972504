using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Otr.Protocol;

namespace Otr.Challenger.Tests.Agent;

public sealed class ChallengerMetricsTests
{
    [Fact]
    public void Record_VerdictWithFindings_CountsReceiptAndEachFindingByKind()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var metrics = new ChallengerMetrics(factory);
        var seen = new List<(string Instrument, long Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? tag = null;
            foreach (var t in tags)
            {
                tag = t.Value?.ToString();
            }

            seen.Add((instrument.Name, value, tag));
        });
        listener.Start();

        metrics.Record(Verdict(FindingKind.OutputMismatch, FindingKind.TraceMismatch));
        metrics.Record(Verdict());

        Assert.Equal(
            [
                (ChallengerMetrics.ReceiptsCheckedName, 1L, (string?)"findings"),
                (ChallengerMetrics.FindingsName, 1L, FindingKind.OutputMismatch),
                (ChallengerMetrics.FindingsName, 1L, FindingKind.TraceMismatch),
                (ChallengerMetrics.ReceiptsCheckedName, 1L, "clean"),
            ],
            seen);
    }

    private static Verdict Verdict(params string[] kinds) => new(
        Keccak.Hash([1]), Keccak.Hash([2]), Keccak.Hash([3]), "0x1111111111111111111111111111111111111111", 1, 0, 0,
        InclusionStatus.Included, DateTimeOffset.UnixEpoch, true, false, [.. kinds.Select(k => new Finding(k, k))], null);
}
