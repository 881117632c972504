using Otr.Operator.Entities;
using Otr.Operator.Runtime;
using Otr.Operator.Scheduling;

namespace Otr.Operator.Controllers;

/// <summary>
/// Which model runs how many executors on which pool. Decisions are made under one lock so two
/// workers cannot both take a pool's last slots; the leader seeds it from the models' statuses.
/// </summary>
public sealed class AllocationLedger
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (string Pool, int Replicas)> _entries = new(StringComparer.Ordinal);

    /// <summary>Replaces the ledger with the pools recorded in the models' statuses.</summary>
    public void Seed(IEnumerable<InferenceModel> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        lock (_gate)
        {
            _entries.Clear();
            foreach (var m in models)
            {
                if (m.Status?.Pool is { } pool && m.Metadata.DeletionTimestamp is null)
                    _entries[ObjectKeys.Of(m)] = (pool, m.Spec.Replicas);
            }
        }
    }

    /// <summary>Chooses a pool for the model and records it when one is chosen; returns the decision and the pool the model held before.</summary>
    public (PoolDecision Decision, string? PreviousPool) Decide(InferenceModel model, IEnumerable<TeeNodePool> pools)
    {
        ArgumentNullException.ThrowIfNull(model);
        var key = ObjectKeys.Of(model);
        lock (_gate)
        {
            var previous = _entries.TryGetValue(key, out var entry) ? entry.Pool : null;
            var allocated = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (k, (pool, replicas)) in _entries)
            {
                if (k != key)
                    allocated[pool] = allocated.GetValueOrDefault(pool) + replicas;
            }

            var decision = PoolMatcher.Choose(model, pools, allocated, previous ?? model.Status?.Pool);
            if (decision.IsScheduled)
                _entries[key] = (decision.Pool!, model.Spec.Replicas);
            return (decision, previous);
        }
    }

    /// <summary>Forgets the model (deleted); returns the pool it held.</summary>
    public string? Release(string key)
    {
        lock (_gate)
            return _entries.Remove(key, out var entry) ? entry.Pool : null;
    }

    /// <summary>Executors allocated on <paramref name="pool"/>.</summary>
    public int Allocated(string pool)
    {
        lock (_gate)
            return _entries.Values.Where(e => e.Pool == pool).Sum(e => e.Replicas);
    }

    /// <summary>A snapshot: model key → pool.</summary>
    public IReadOnlyDictionary<string, string> Assignments()
    {
        lock (_gate)
            return _entries.ToDictionary(e => e.Key, e => e.Value.Pool, StringComparer.Ordinal);
    }
}
