using System.Diagnostics;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Otr.Operator.Entities;
using Otr.Operator.Runtime;
using Otr.Operator.Scheduling;

namespace Otr.Operator.Controllers;

/// <summary>
/// The operator: informers on TeeNodePools, InferenceModels, executor Deployments and Nodes feed one
/// rate-limited work queue; only the Lease holder runs workers. Keys are <c>model:ns/name</c>,
/// <c>pool:name</c> and <c>routes</c>.
/// </summary>
public sealed partial class OperatorController : IDisposable
{
    /// <summary>The work-queue key that republishes routes.</summary>
    public const string RoutesKey = "routes";

    private const string ModelPrefix = "model:";
    private const string PoolPrefix = "pool:";

    private readonly IKubernetes _client;
    private readonly OperatorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ModelReconciler _models;
    private readonly PoolReconciler _pools;
    private readonly PoliciesPublisher _policies;
    private readonly RoutesPublisher _routes;
    private readonly object _leaderGate = new();
    private CancellationTokenSource? _leading;
    private Task _workers = Task.CompletedTask;

    /// <summary>Creates the operator over <paramref name="client"/>.</summary>
    public OperatorController(IKubernetes client, OperatorOptions options, ILoggerFactory loggers, OperatorMetrics metrics, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _client = client;
        _options = options;
        _logger = loggers.CreateLogger("Otr.Operator");
        _time = time ?? TimeProvider.System;
        Metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        Queue = new WorkQueue(options.RetryBaseDelay, options.RetryMaxDelay, _time);
        Metrics.QueueDepth = () => Queue.Count;
        var ns = string.IsNullOrWhiteSpace(options.WatchNamespace) ? null : options.WatchNamespace;
        Pools = new Informer<TeeNodePool>("teenodepools", ResourceSources.ClusterCustom<TeeNodePool>(client, OtrApi.Group, OtrApi.Version, OtrApi.TeeNodePoolPlural), _logger, metrics, options.WatchTimeout, options.ResyncPeriod);
        Models = new Informer<InferenceModel>("inferencemodels", ResourceSources.NamespacedCustom<InferenceModel>(client, OtrApi.Group, OtrApi.Version, OtrApi.InferenceModelPlural, ns), _logger, metrics, options.WatchTimeout, options.ResyncPeriod);
        Deployments = new Informer<V1Deployment>("deployments", ResourceSources.Deployments(client, ns, "app.kubernetes.io/managed-by=" + OtrApi.ManagedBy), _logger, metrics, options.WatchTimeout, TimeSpan.Zero);
        Nodes = new Informer<V1Node>("nodes", ResourceSources.Nodes(client), _logger, metrics, options.WatchTimeout, TimeSpan.Zero);
        Ledger = new AllocationLedger();
        _routes = new RoutesPublisher(client, options, metrics);
        _policies = new PoliciesPublisher(client, options, metrics, _logger);
        var events = new EventRecorder(client, options.PodName, _logger, metrics);
        _models = new ModelReconciler(client, options, this, new WorkloadApplier(client, metrics), events, _routes, _time);
        _pools = new PoolReconciler(client, this, _time);
        WireEvents();
    }

    /// <summary>The work queue.</summary>
    public WorkQueue Queue { get; }

    /// <summary>Metrics of this instance.</summary>
    public OperatorMetrics Metrics { get; }

    /// <summary>TeeNodePool cache.</summary>
    public Informer<TeeNodePool> Pools { get; }

    /// <summary>InferenceModel cache.</summary>
    public Informer<InferenceModel> Models { get; }

    /// <summary>Executor Deployment cache (label <c>app.kubernetes.io/managed-by=otr-operator</c>).</summary>
    public Informer<V1Deployment> Deployments { get; }

    /// <summary>Node cache.</summary>
    public Informer<V1Node> Nodes { get; }

    /// <summary>Pool allocations.</summary>
    public AllocationLedger Ledger { get; }

    /// <summary>True when every informer has listed once (readiness).</summary>
    public bool Synced => Pools.HasSynced && Models.HasSynced && Deployments.HasSynced && Nodes.HasSynced;

    /// <summary>True while this instance holds the Lease.</summary>
    public bool IsLeader => Metrics.IsLeader;

    internal OperatorOptions Options => _options;

    internal ILogger Logger => _logger;

    /// <summary>The queue key of a model.</summary>
    public static string ModelKey(string ns, string name) => ModelPrefix + ns + "/" + name;

    /// <summary>The queue key of a pool.</summary>
    public static string PoolKey(string name) => PoolPrefix + name;

    /// <summary>Runs informers and leader election until cancelled; workers run only while leading.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var informers = Task.WhenAll(
            Pools.RunAsync(cancellationToken), Models.RunAsync(cancellationToken),
            Deployments.RunAsync(cancellationToken), Nodes.RunAsync(cancellationToken));
        try
        {
            await Task.WhenAll(
                Pools.WaitForSyncAsync(cancellationToken), Models.WaitForSyncAsync(cancellationToken),
                Deployments.WaitForSyncAsync(cancellationToken), Nodes.WaitForSyncAsync(cancellationToken)).ConfigureAwait(false);
            LogSynced(_logger);
            var config = new LeaderElectionConfig(new LeaseLock(_client, _options.PodNamespace, _options.LeaseName, _options.PodName))
            {
                LeaseDuration = _options.LeaseDuration,
                RenewDeadline = _options.RenewDeadline,
                RetryPeriod = _options.RetryPeriod,
            };
            using var elector = new LeaderElector(config);
            elector.OnStartedLeading += StartLeading;
            elector.OnStoppedLeading += StopLeading;
            elector.OnNewLeader += leader => LogNewLeader(_logger, leader);
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await elector.RunUntilLeadershipLostAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    _logger.LogWarning(e, "leader election failed; retrying");
                    await Task.Delay(_options.RetryPeriod, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            StopLeading();
            Queue.ShutDown();
            await informers.ConfigureAwait(false);
            await _workers.ConfigureAwait(false);
        }
    }

    /// <summary>Adds every model, every pool and the routes to the queue.</summary>
    public void EnqueueAll()
    {
        foreach (var m in Models.List())
            Queue.Add(ModelKey(m.Metadata.NamespaceProperty, m.Metadata.Name));
        foreach (var p in Pools.List())
            Queue.Add(PoolKey(p.Metadata.Name));
        Queue.Add(RoutesKey);
    }

    /// <summary>Runs one key's reconcile (workers call this; tests may too).</summary>
    public async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var kind = key.StartsWith(ModelPrefix, StringComparison.Ordinal) ? "inferencemodel" : key.StartsWith(PoolPrefix, StringComparison.Ordinal) ? "teenodepool" : "routes";
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            switch (kind)
            {
                case "inferencemodel":
                    var rest = key[ModelPrefix.Length..];
                    var slash = rest.IndexOf('/', StringComparison.Ordinal);
                    await _models.ReconcileAsync(rest[..slash], rest[(slash + 1)..], cancellationToken).ConfigureAwait(false);
                    break;
                case "teenodepool":
                    await _pools.ReconcileAsync(key[PoolPrefix.Length..], cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await PublishRoutesAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            Metrics.Reconciled(kind, Stopwatch.GetElapsedTime(started), failed);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        StopLeading();
        Queue.Dispose();
    }

    internal async Task PublishRoutesAsync(CancellationToken cancellationToken)
    {
        var routes = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var scheduled = new List<(InferenceModel, TeeNodePool)>();
        foreach (var (modelKey, pool) in Ledger.Assignments())
        {
            if (Models.Get(modelKey) is { } model && model.Metadata.DeletionTimestamp is null)
            {
                routes[modelKey] = (model.Metadata.Name, ExecutorWorkloadBuilder.ServiceUrl(model.Metadata.Name, model.Metadata.NamespaceProperty));
                if (Pools.Get(pool) is { } p)
                    scheduled.Add((model, p));
            }
        }

        await _policies.PublishAsync(scheduled, cancellationToken).ConfigureAwait(false);

        foreach (var changed in await _routes.PublishAsync(routes, cancellationToken).ConfigureAwait(false))
        {
            var slash = changed.IndexOf('/', StringComparison.Ordinal);
            Queue.Add(ModelKey(changed[..slash], changed[(slash + 1)..]));
        }
    }

    private void WireEvents()
    {
        Models.OnEvent = (type, old, model) =>
        {
            // Predicate: status-only writes (ours included) keep metadata.generation; they never trigger a reconcile.
            if (type == WatchEventType.Modified && old is not null &&
                old.Metadata.Generation == model.Metadata.Generation &&
                (old.Metadata.DeletionTimestamp is null) == (model.Metadata.DeletionTimestamp is null))
            {
                return;
            }

            Queue.Add(ModelKey(model.Metadata.NamespaceProperty, model.Metadata.Name));
        };
        Models.OnResync = m => Queue.Add(ModelKey(m.Metadata.NamespaceProperty, m.Metadata.Name));

        Pools.OnEvent = (type, old, pool) =>
        {
            if (type == WatchEventType.Modified && old is not null && old.Metadata.Generation == pool.Metadata.Generation &&
                (old.Metadata.DeletionTimestamp is null) == (pool.Metadata.DeletionTimestamp is null))
            {
                return;
            }

            Queue.Add(PoolKey(pool.Metadata.Name));
            foreach (var m in Models.List())
                Queue.Add(ModelKey(m.Metadata.NamespaceProperty, m.Metadata.Name));
        };
        Pools.OnResync = p => Queue.Add(PoolKey(p.Metadata.Name));

        Deployments.OnEvent = (type, old, d) =>
        {
            if (type == WatchEventType.Modified && old is not null && old.Metadata.Generation == d.Metadata.Generation &&
                old.Status?.ReadyReplicas == d.Status?.ReadyReplicas && old.Status?.Replicas == d.Status?.Replicas &&
                old.Status?.ObservedGeneration == d.Status?.ObservedGeneration)
            {
                return;
            }

            if (Dict.Get(d.Metadata.Labels, OtrApi.ModelLabel) is { } model)
                Queue.Add(ModelKey(d.Metadata.NamespaceProperty, model));
        };

        Nodes.OnEvent = (type, old, node) =>
        {
            if (type == WatchEventType.Modified && old is not null && PoolStatusBuilder.IsReady(old) == PoolStatusBuilder.IsReady(node) &&
                LabelsEqual(old.Metadata.Labels, node.Metadata.Labels))
            {
                return;
            }

            foreach (var p in Pools.List())
                Queue.Add(PoolKey(p.Metadata.Name));
        };
    }

    private static bool LabelsEqual(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a ?? new Dictionary<string, string>()).All(p => b!.TryGetValue(p.Key, out var v) && v == p.Value);

    private void StartLeading()
    {
        lock (_leaderGate)
        {
            if (_leading is not null)
                return;
            LogStartedLeading(_logger, _options.PodName);
            Metrics.SetLeader(true);
            _leading = new CancellationTokenSource();
            Ledger.Seed(Models.List());
            var token = _leading.Token;
            _workers = Task.Run(() => LeadAsync(token), CancellationToken.None);
        }
    }

    private void StopLeading()
    {
        lock (_leaderGate)
        {
            if (_leading is null)
                return;
            LogStoppedLeading(_logger, _options.PodName);
            Metrics.SetLeader(false);
            _leading.Cancel();
            _leading.Dispose();
            _leading = null;
        }
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _routes.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "could not read the published routes; they will be rewritten");
        }
        catch (OperationCanceledException)
        {
            return;
        }

        EnqueueAll();
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Workers)).Select(_ => WorkAsync(cancellationToken))).ConfigureAwait(false);
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string key;
            try
            {
                key = await Queue.TakeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            try
            {
                await ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
                Queue.Forget(key);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Queue.Add(key); // leadership lost mid-reconcile: the next leader (or this one again) redoes it
            }
            catch (Exception e)
            {
                var delay = Queue.AddRateLimited(key);
                LogReconcileFailed(_logger, e, key, delay);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "informers synced")]
    private static partial void LogSynced(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "leader is {Leader}")]
    private static partial void LogNewLeader(ILogger logger, string leader);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} started leading")]
    private static partial void LogStartedLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} stopped leading")]
    private static partial void LogStoppedLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reconcile of {Key} failed; retrying in {Delay}")]
    private static partial void LogReconcileFailed(ILogger logger, Exception e, string key, TimeSpan delay);
}
