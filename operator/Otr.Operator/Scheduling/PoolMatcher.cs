using System.Globalization;
using Otr.Operator.Entities;

namespace Otr.Operator.Scheduling;

/// <summary>
/// Pure pool selection: which TeeNodePools can run a model (technology, GPU, attestation policy) and
/// which of them has room (capacity). No I/O; the controller passes the pools and current allocations.
/// </summary>
public static class PoolMatcher
{
    /// <summary>Why <paramref name="pool"/> cannot run <paramref name="model"/>, or null when it can (capacity aside).</summary>
    public static string? Incompatibility(InferenceModelSpec model, TeeNodePool pool)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pool);
        var spec = pool.Spec;
        if (pool.Metadata.DeletionTimestamp is not null)
            return "is being deleted";
        if (spec.Attestation is null || spec.Attestation.AllowDebug)
            return "attestation policy accepts debug TEEs";
        if (spec.Attestation.AllowedMeasurements is not { Count: > 0 })
            return "attestation policy allows no measurement";
        var tee = model.Tee;
        if (tee?.Technology is { } technology && technology != spec.Tee)
            return $"TEE is {TeeName(spec.Tee)}, the model needs {TeeName(technology)}";
        if (tee?.Gpu is { } gpu)
        {
            if (spec.Gpu is null)
                return $"has no GPU, the model needs {gpu.Count} {gpu.Model}";
            if (spec.Gpu.Vendor != gpu.Vendor || spec.Gpu.Model != gpu.Model)
                return $"has {spec.Gpu.Model} GPUs, the model needs {gpu.Model}";
            if (spec.Gpu.Count < gpu.Count)
                return $"nodes have {spec.Gpu.Count} GPU(s), the model needs {gpu.Count} per executor";
        }

        return null;
    }

    /// <summary>
    /// Chooses a pool for <paramref name="model"/>. <paramref name="allocated"/> holds, per pool, the
    /// executors other models already use there (this model excluded). A model that already runs on a
    /// pool that still fits stays there; otherwise the compatible pool with the most free room wins,
    /// CPU-only pools before GPU pools for models that need no GPU, ties broken by name.
    /// </summary>
    public static PoolDecision Choose(
        InferenceModel model,
        IEnumerable<TeeNodePool> pools,
        IReadOnlyDictionary<string, int> allocated,
        string? currentPool)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(allocated);
        var spec = model.Spec;
        var candidates = pools.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
        if (spec.PoolRef is { } poolRef)
        {
            candidates = candidates.Where(p => p.Metadata.Name == poolRef).ToList();
            if (candidates.Count == 0)
                return new(PoolDecisionKind.NoCompatiblePool, null, $"TeeNodePool '{poolRef}' does not exist");
        }

        if (candidates.Count == 0)
            return new(PoolDecisionKind.NoCompatiblePool, null, "no TeeNodePool exists");

        var rejected = new List<string>();
        var full = new List<string>();
        var fitting = new List<(TeeNodePool Pool, int Free)>();
        foreach (var pool in candidates)
        {
            var name = pool.Metadata.Name;
            if (Incompatibility(spec, pool) is { } why)
            {
                rejected.Add($"{name}: {why}");
                continue;
            }

            var used = allocated.GetValueOrDefault(name);
            var free = pool.Spec.Capacity.MaxExecutors - used;
            if (free < spec.Replicas)
            {
                full.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {Math.Max(free, 0)} of {pool.Spec.Capacity.MaxExecutors} executor slots free, the model needs {spec.Replicas}"));
                continue;
            }

            fitting.Add((pool, free));
        }

        if (fitting.Count == 0)
        {
            return full.Count > 0
                ? new(PoolDecisionKind.NoCapacity, null, "no compatible pool has room: " + string.Join("; ", full))
                : new(PoolDecisionKind.NoCompatiblePool, null, "no compatible pool: " + string.Join("; ", rejected));
        }

        var needsGpu = spec.Tee?.Gpu is not null;
        var chosen = fitting.FirstOrDefault(f => f.Pool.Metadata.Name == currentPool).Pool
            ?? fitting
                .OrderBy(f => !needsGpu && f.Pool.Spec.Gpu is not null ? 1 : 0)
                .ThenByDescending(f => f.Free)
                .ThenBy(f => f.Pool.Metadata.Name, StringComparer.Ordinal)
                .First().Pool;
        return new(PoolDecisionKind.Scheduled, chosen.Metadata.Name,
            string.Create(CultureInfo.InvariantCulture, $"{spec.Replicas} executor(s) on TeeNodePool '{chosen.Metadata.Name}' ({TeeName(chosen.Spec.Tee)}{(chosen.Spec.Gpu is { } g ? $" + {g.Count}x {g.Model}" : "")})"));
    }

    /// <summary>The wire name of a technology (<c>SGX</c>, <c>TDX</c>, <c>SEV-SNP</c>).</summary>
    public static string TeeName(TeeTechnology technology) => technology switch
    {
        TeeTechnology.Sgx => "SGX",
        TeeTechnology.Tdx => "TDX",
        TeeTechnology.SevSnp => "SEV-SNP",
        _ => technology.ToString(),
    };
}
