using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Otr.Operator.Runtime;

/// <summary>The operator's counters and gauges, written in the Prometheus text format at <c>/metrics</c>.</summary>
public sealed class OperatorMetrics
{
    private readonly ConcurrentDictionary<string, long> _reconciles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _durationSeconds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _watchRestarts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _relists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _writes = new(StringComparer.Ordinal);
    private long _leader;

    /// <summary>Reads the current work-queue depth.</summary>
    public Func<int>? QueueDepth { get; set; }

    /// <summary>Total reconciles of <paramref name="kind"/> (all outcomes).</summary>
    public long Reconciles(string kind) => _reconciles.GetValueOrDefault(kind);

    /// <summary>Total failed reconciles of <paramref name="kind"/>.</summary>
    public long Errors(string kind) => _errors.GetValueOrDefault(kind);

    /// <summary>Total API writes of <paramref name="what"/> (e.g. <c>deployment/create</c>, <c>inferencemodel/status</c>).</summary>
    public long Writes(string what) => _writes.GetValueOrDefault(what);

    /// <summary>Watch restarts of <paramref name="resource"/>.</summary>
    public long WatchRestarts(string resource) => _watchRestarts.GetValueOrDefault(resource);

    /// <summary>Lists (initial and after 410 Gone) of <paramref name="resource"/>.</summary>
    public long Relists(string resource) => _relists.GetValueOrDefault(resource);

    /// <summary>Whether this instance leads.</summary>
    public bool IsLeader => Interlocked.Read(ref _leader) == 1;

    internal void Reconciled(string kind, TimeSpan duration, bool failed)
    {
        _reconciles.AddOrUpdate(kind, 1, (_, v) => v + 1);
        _durationSeconds.AddOrUpdate(kind, duration.TotalSeconds, (_, v) => v + duration.TotalSeconds);
        if (failed)
            _errors.AddOrUpdate(kind, 1, (_, v) => v + 1);
    }

    internal void Wrote(string what) => _writes.AddOrUpdate(what, 1, (_, v) => v + 1);

    internal void WatchRestarted(string resource) => _watchRestarts.AddOrUpdate(resource, 1, (_, v) => v + 1);

    internal void Relisted(string resource) => _relists.AddOrUpdate(resource, 1, (_, v) => v + 1);

    internal void SetLeader(bool leader) => Interlocked.Exchange(ref _leader, leader ? 1 : 0);

    /// <summary>The Prometheus text exposition (format 0.0.4).</summary>
    public string ToPrometheusText()
    {
        var b = new StringBuilder();
        Counter(b, "otr_operator_reconciles_total", "Reconciles by resource kind.", "kind", _reconciles);
        Counter(b, "otr_operator_reconcile_errors_total", "Failed reconciles by resource kind.", "kind", _errors);
        b.Append("# HELP otr_operator_reconcile_duration_seconds_sum Time spent reconciling by resource kind.\n# TYPE otr_operator_reconcile_duration_seconds_sum counter\n");
        foreach (var (k, v) in _durationSeconds.OrderBy(p => p.Key, StringComparer.Ordinal))
            b.Append(CultureInfo.InvariantCulture, $"otr_operator_reconcile_duration_seconds_sum{{kind=\"{k}\"}} {v.ToString("R", CultureInfo.InvariantCulture)}\n");
        Counter(b, "otr_operator_api_writes_total", "Writes to the API server by object and verb.", "op", _writes);
        Counter(b, "otr_operator_watch_restarts_total", "Watch requests ended and resumed, by resource.", "resource", _watchRestarts);
        Counter(b, "otr_operator_relists_total", "Full lists (start and after 410 Gone), by resource.", "resource", _relists);
        b.Append("# HELP otr_operator_workqueue_depth Keys waiting in the work queue.\n# TYPE otr_operator_workqueue_depth gauge\n");
        b.Append(CultureInfo.InvariantCulture, $"otr_operator_workqueue_depth {QueueDepth?.Invoke() ?? 0}\n");
        b.Append("# HELP otr_operator_leader Whether this instance holds the leader Lease.\n# TYPE otr_operator_leader gauge\n");
        b.Append(CultureInfo.InvariantCulture, $"otr_operator_leader {Interlocked.Read(ref _leader)}\n");
        return b.ToString();
    }

    private static void Counter(StringBuilder b, string name, string help, string label, ConcurrentDictionary<string, long> values)
    {
        b.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n");
        foreach (var (k, v) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
            b.Append(CultureInfo.InvariantCulture, $"{name}{{{label}=\"{k}\"}} {v}\n");
    }
}
