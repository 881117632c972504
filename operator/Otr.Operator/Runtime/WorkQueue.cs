namespace Otr.Operator.Runtime;

/// <summary>
/// A rate-limited work queue of keys (after client-go's workqueue): a key queued twice is processed
/// once; a key added while it is being processed is queued again when processing ends (never two
/// workers on one key); failures delay the key with per-key exponential backoff until <see cref="Forget"/>.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;

    /// <summary>Creates a queue whose failing keys wait <paramref name="baseDelay"/> × 2^(failures−1), at most <paramref name="maxDelay"/>.</summary>
    public WorkQueue(TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider? time = null)
    {
        if (baseDelay <= TimeSpan.Zero || maxDelay < baseDelay)
            throw new ArgumentOutOfRangeException(nameof(baseDelay), "need 0 < baseDelay <= maxDelay");
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Keys waiting (not counting keys being processed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _queue.Count;
        }
    }

    /// <summary>Adds <paramref name="key"/> unless it is already waiting.</summary>
    public void Add(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested || !_dirty.Add(key))
                return;
            if (_processing.Contains(key))
                return; // re-queued by Done
            _queue.Enqueue(key);
        }

        _signal.Release();
    }

    /// <summary>Adds <paramref name="key"/> after <paramref name="delay"/>.</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        _ = DelayThenAdd(key, delay);
    }

    /// <summary>Records a failure of <paramref name="key"/> and adds it after its backoff; returns the delay.</summary>
    public TimeSpan AddRateLimited(string key)
    {
        int failures;
        lock (_gate)
        {
            failures = _failures.GetValueOrDefault(key) + 1;
            _failures[key] = failures;
        }

        var delay = Backoff(failures, _baseDelay, _maxDelay);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the failure count of <paramref name="key"/> (after a success).</summary>
    public void Forget(string key)
    {
        lock (_gate)
            _failures.Remove(key);
    }

    /// <summary>Failures recorded for <paramref name="key"/> since the last <see cref="Forget"/>.</summary>
    public int Failures(string key)
    {
        lock (_gate)
            return _failures.GetValueOrDefault(key);
    }

    /// <summary>The backoff after <paramref name="failures"/> failures: base × 2^(failures−1), capped.</summary>
    public static TimeSpan Backoff(int failures, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (failures <= 0)
            return TimeSpan.Zero;
        var exponent = Math.Min(failures - 1, 30);
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Waits for a key and marks it as being processed; the caller must call <see cref="Done"/>.</summary>
    public async Task<string> TakeAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        while (true)
        {
            await _signal.WaitAsync(linked.Token).ConfigureAwait(false);
            lock (_gate)
            {
                if (_queue.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    return key;
                }
            }
        }
    }

    /// <summary>Ends processing of <paramref name="key"/>; re-queues it when it was added meanwhile.</summary>
    public void Done(string key)
    {
        var requeue = false;
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key))
            {
                _queue.Enqueue(key);
                requeue = true;
            }
        }

        if (requeue)
            _signal.Release();
    }

    /// <summary>Stops the queue: pending and future takes are cancelled.</summary>
    public void ShutDown() => _shutdown.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
        _signal.Dispose();
    }

    private async Task DelayThenAdd(string key, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _shutdown.Token).ConfigureAwait(false);
            Add(key);
        }
        catch (OperationCanceledException)
        {
            // shut down
        }
        catch (ObjectDisposedException)
        {
            // disposed while waiting
        }
    }
}
