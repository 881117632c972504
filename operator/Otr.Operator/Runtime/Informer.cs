using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Otr.Operator.Runtime;

/// <summary>
/// A list+watch cache of one resource type. Lists once, then watches from the list's
/// resourceVersion; when a watch ends (server timeout or close) it resumes from the last
/// resourceVersion seen (objects and bookmarks); on 410 Gone it relists and reports the difference
/// as events. Every <c>resyncPeriod</c> it hands every cached object to <see cref="OnResync"/>.
/// </summary>
/// <typeparam name="T">The resource type.</typeparam>
public sealed class Informer<T>(
    string name,
    IResourceSource<T> source,
    ILogger logger,
    OperatorMetrics metrics,
    TimeSpan watchTimeout,
    TimeSpan resyncPeriod)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<string, T> _cache = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Called for each change: (type, previous object or null, current object; the last known one for deletions).</summary>
    public Action<WatchEventType, T?, T>? OnEvent { get; set; }

    /// <summary>Called with every cached object at each resync.</summary>
    public Action<T>? OnResync { get; set; }

    /// <summary>The resource's name in logs and metrics.</summary>
    public string Name => name;

    /// <summary>True once the first list has been cached.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The last resourceVersion seen (list, object or bookmark).</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>Waits for the first list.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>The cached object with <paramref name="key"/>, or null.</summary>
    public T? Get(string key) => _cache.GetValueOrDefault(key);

    /// <summary>A snapshot of every cached object.</summary>
    public IReadOnlyList<T> List() => [.. _cache.Values];

    /// <summary>Runs list and watch until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var resync = RunResyncAsync(cancellationToken);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (ResourceVersion is null)
                    await RelistAsync(cancellationToken).ConfigureAwait(false);
                var gone = await WatchOnceAsync(ResourceVersion!, cancellationToken).ConfigureAwait(false);
                if (gone)
                {
                    logger.LogInformation("{Resource}: resourceVersion {Version} is too old (410 Gone); relisting", name, ResourceVersion);
                    ResourceVersion = null;
                }

                metrics.WatchRestarted(name);
                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (HttpOperationException e) when ((int)e.Response.StatusCode == 410)
            {
                ResourceVersion = null;
            }
            catch (Exception e)
            {
                failures++;
                var delay = WorkQueue.Backoff(failures, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));
                logger.LogWarning(e, "{Resource}: list/watch failed ({Failures} in a row); retrying in {Delay}", name, failures, delay);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await resync.ConfigureAwait(false);
    }

    private async Task RelistAsync(CancellationToken cancellationToken)
    {
        var (items, version) = await source.ListAsync(cancellationToken).ConfigureAwait(false);
        metrics.Relisted(name);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = ObjectKeys.Of(item);
            seen.Add(key);
            var previous = _cache.GetValueOrDefault(key);
            _cache[key] = item;
            if (previous is null)
                OnEvent?.Invoke(WatchEventType.Added, null, item);
            else if (previous.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
                OnEvent?.Invoke(WatchEventType.Modified, previous, item);
        }

        foreach (var key in _cache.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            if (_cache.TryRemove(key, out var removed))
                OnEvent?.Invoke(WatchEventType.Deleted, removed, removed);
        }

        ResourceVersion = version;
        _synced.TrySetResult();
    }

    /// <summary>One watch request; returns true when the server answered 410 Gone.</summary>
    private async Task<bool> WatchOnceAsync(string version, CancellationToken cancellationToken)
    {
        var gone = false;
        Exception? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnError(Exception e)
        {
            if (e is KubernetesException { Status.Code: 410 })
            {
                gone = true;
                stop.Cancel();
            }
            else if (e is KubernetesException k)
            {
                failure = e;
                logger.LogWarning("{Resource}: watch error {Code} {Message}", name, k.Status?.Code, k.Status?.Message);
                stop.Cancel();
            }
            else
            {
                logger.LogDebug(e, "{Resource}: watch event not understood", name);
            }
        }

        try
        {
            await foreach (var (type, obj) in source.WatchAsync(version, watchTimeout, OnError, stop.Token).ConfigureAwait(false))
                Apply(type, obj);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && (gone || failure is not null))
        {
            // stopped by OnError
        }

        if (failure is not null && !gone)
            throw failure;
        return gone;
    }

    private void Apply(WatchEventType type, T obj)
    {
        var version = obj.Metadata?.ResourceVersion;
        switch (type)
        {
            case WatchEventType.Bookmark:
                break;
            case WatchEventType.Added or WatchEventType.Modified:
                {
                    var key = ObjectKeys.Of(obj);
                    var previous = _cache.GetValueOrDefault(key);
                    _cache[key] = obj;
                    OnEvent?.Invoke(previous is null ? WatchEventType.Added : WatchEventType.Modified, previous, obj);
                    break;
                }

            case WatchEventType.Deleted:
                {
                    _cache.TryRemove(ObjectKeys.Of(obj), out var previous);
                    OnEvent?.Invoke(WatchEventType.Deleted, previous, obj);
                    break;
                }

            default:
                return;
        }

        if (!string.IsNullOrEmpty(version))
            ResourceVersion = version;
    }

    private async Task RunResyncAsync(CancellationToken cancellationToken)
    {
        if (resyncPeriod <= TimeSpan.Zero)
            return;
        using var timer = new PeriodicTimer(resyncPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var item in _cache.Values)
                    OnResync?.Invoke(item);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }
}
