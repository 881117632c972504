using System.Diagnostics.Metrics;

namespace Otr.Challenger;

/// <summary>The challenger's instruments on meter <c>Otr.Challenger</c>.</summary>
public sealed class ChallengerMetrics
{
    /// <summary>Meter (and ActivitySource) name.</summary>
    public const string MeterName = "Otr.Challenger";

    /// <summary>Counter of receipts judged (one per stored verdict), tagged <c>outcome</c> = <c>clean</c> | <c>findings</c>.</summary>
    public const string ReceiptsCheckedName = "otr.challenger.receipts_checked";

    /// <summary>Counter of findings, tagged <c>kind</c> (a <see cref="FindingKind"/> code).</summary>
    public const string FindingsName = "otr.challenger.findings";

    private readonly Counter<long> _checked;
    private readonly Counter<long> _findings;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public ChallengerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _checked = meter.CreateCounter<long>(ReceiptsCheckedName, "{receipt}", "Receipts the challenger judged");
        _findings = meter.CreateCounter<long>(FindingsName, "{finding}", "Problems found in published receipts, by kind");
    }

    /// <summary>Counts one newly stored verdict and its findings.</summary>
    public void Record(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        _checked.Add(1, new KeyValuePair<string, object?>("outcome", verdict.IsClean ? "clean" : "findings"));
        foreach (var finding in verdict.Findings)
        {
            _findings.Add(1, new KeyValuePair<string, object?>("kind", finding.Kind));
        }
    }
}
