using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Otr.Sequencer.Configuration;

namespace Otr.Sequencer.Executors;

/// <summary>
/// Round-robin over the executors of each model: the configured routes plus, when a routes file is configured,
/// the routes it lists (replaced whenever <see cref="UpdateRoutes"/> is called with the file's new content). An
/// executor's identity is learned from <c>GET /v1/identity</c> on first use and kept until the executor fails, so a
/// restarted executor (new enclave key) is re-learned. An executor whose identity names another model, or another
/// EIP-712 domain than the sequencer's, is skipped; so is one whose enclave key is not registered on L1 for the model
/// when registration checks are on (rechecked after the cache TTL, so a slashed executor stops being used).
/// </summary>
internal sealed partial class HttpExecutorPool : IExecutorPool
{
    internal const string HttpClientName = "otr-executor";

    private readonly Lock _lock = new();
    private readonly IReadOnlyList<ModelRouteOptions> _configured;
    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cooldown;
    private readonly ulong _chainId;
    private readonly string _rollup;
    private readonly IExecutorRegistrations? _registrations;
    private readonly TimeSpan _registrationTtl;
    private readonly ILogger<HttpExecutorPool> _logger;
    private Routing _routing;

    public HttpExecutorPool(
        IOptions<SequencerOptions> options,
        IOptions<L1Options> l1,
        IHttpClientFactory httpClients,
        TimeProvider time,
        ILogger<HttpExecutorPool> logger,
        IExecutorRegistrations? registrations = null)
    {
        _time = time;
        _logger = logger;
        _httpClients = httpClients;
        _cooldown = options.Value.ExecutorCooldown;
        _chainId = options.Value.ChainId;
        _rollup = options.Value.RollupAddress;
        _registrations = registrations;
        _registrationTtl = l1.Value.RegistrationCacheTtl;
        _configured = [.. options.Value.Models];
        _routing = Build(ExecutorRoutes.Merge(_configured, []), new Dictionary<string, Slot>(StringComparer.Ordinal));
    }

    public IReadOnlyList<string> Models => _routing.Models;

    public int EndpointCount(string model) => _routing.Slots.TryGetValue(model, out var slots) ? slots.Length : 0;

    /// <summary>
    /// Replaces the routes that came from the routes file with <paramref name="fromFile"/> (the configured routes
    /// stay). Executors present before and after keep their learned identity and health.
    /// </summary>
    public void UpdateRoutes(IEnumerable<ModelRouteOptions> fromFile)
    {
        var merged = ExecutorRoutes.Merge(_configured, fromFile);
        lock (_lock)
        {
            var existing = new Dictionary<string, Slot>(StringComparer.Ordinal);
            foreach (var (model, slots) in _routing.Slots)
            {
                foreach (var slot in slots)
                {
                    existing[Key(model, slot.Client.Endpoint)] = slot;
                }
            }

            _routing = Build(merged, existing);
        }

        LogRoutesUpdated(merged.Count, merged.Sum(m => m.Executors.Count));
    }

    public async Task<SelectedExecutor> NextAsync(string model, CancellationToken cancellationToken)
    {
        var routing = _routing;
        if (!routing.Slots.TryGetValue(model, out var slots) || slots.Length == 0)
        {
            throw new ExecutorUnavailableException($"no executor is configured for model '{model}'");
        }

        var now = _time.GetUtcNow();
        Slot[] order;
        lock (_lock)
        {
            var start = routing.Cursor.TryGetValue(model, out var c) ? c % slots.Length : 0;
            routing.Cursor[model] = (start + 1) % slots.Length;
            var rotated = Enumerable.Range(0, slots.Length).Select(i => slots[(start + i) % slots.Length]);

            // Healthy executors first, in round-robin order; recently failed ones only as a last resort.
            order = [.. rotated.OrderBy(s => s.DownUntil > now ? 1 : 0)];
        }

        var reasons = new List<string>();
        foreach (var slot in order)
        {
            var identity = slot.Identity;
            if (identity is null)
            {
                try
                {
                    identity = await slot.Client.GetIdentityAsync(cancellationToken);
                }
                catch (ExecutorUnavailableException e)
                {
                    MarkDown(slot);
                    reasons.Add(e.Message);
                    continue;
                }

                if (!string.Equals(identity.Model, model, StringComparison.Ordinal))
                {
                    MarkDown(slot);
                    LogWrongModel(slot.Client.Endpoint, identity.Model, model);
                    reasons.Add($"executor {slot.Client.Endpoint} serves '{identity.Model}', not '{model}'");
                    continue;
                }

                if ((identity.ChainId is { } chainId && chainId != _chainId) ||
                    (identity.VerifyingContract is { } contract && !string.Equals(contract, _rollup, StringComparison.OrdinalIgnoreCase)))
                {
                    MarkDown(slot);
                    reasons.Add($"executor {slot.Client.Endpoint} signs under chain {identity.ChainId} and contract {identity.VerifyingContract}, not chain {_chainId} and contract {_rollup}");
                    continue;
                }

                slot.Identity = identity;
            }

            if (_registrations is not null && slot.RegisteredUntil <= _time.GetUtcNow())
            {
                bool registered;
                try
                {
                    registered = await _registrations.IsRegisteredAsync(identity.Address, model, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // L1 unreachable: a key checked before keeps serving until L1 answers again; a new key does not.
                    if (slot.RegisteredUntil == DateTimeOffset.MinValue)
                    {
                        reasons.Add($"executor {slot.Client.Endpoint}: its registration could not be checked on L1 ({e.Message})");
                        continue;
                    }

                    LogRegistrationCheckFailed(slot.Client.Endpoint, e.Message);
                    return new SelectedExecutor(slot.Client, identity);
                }

                if (!registered)
                {
                    MarkDown(slot);
                    LogNotRegistered(slot.Client.Endpoint, identity.Address, model);
                    reasons.Add($"executor {slot.Client.Endpoint} (enclave key {identity.Address}) is not registered in ExecutorRegistry for '{model}'");
                    continue;
                }

                slot.RegisteredUntil = _time.GetUtcNow() + _registrationTtl;
            }

            return new SelectedExecutor(slot.Client, identity);
        }

        throw new ExecutorUnavailableException($"no executor for model '{model}' is available ({string.Join("; ", reasons)})");
    }

    public void ReportFailure(SelectedExecutor executor)
    {
        foreach (var slots in _routing.Slots.Values)
        {
            foreach (var slot in slots)
            {
                if (ReferenceEquals(slot.Client, executor.Client))
                {
                    MarkDown(slot);
                }
            }
        }
    }

    private static Uri Normalize(string url) => new(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);

    private static string Key(string model, Uri endpoint) => model + "\n" + endpoint.AbsoluteUri;

    private Routing Build(IReadOnlyList<ModelRouteOptions> routes, Dictionary<string, Slot> existing)
    {
        var slots = new Dictionary<string, Slot[]>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            slots[route.Name] = [.. route.Executors.Select(url =>
            {
                var endpoint = Normalize(url);
                return existing.TryGetValue(Key(route.Name, endpoint), out var slot)
                    ? slot
                    : new Slot(new HttpExecutorClient(_httpClients.CreateClient(HttpClientName), endpoint));
            })];
        }

        return new Routing(slots, [.. routes.Select(r => r.Name)]);
    }

    private void MarkDown(Slot slot)
    {
        lock (_lock)
        {
            slot.Identity = null;
            slot.RegisteredUntil = DateTimeOffset.MinValue;
            slot.DownUntil = _time.GetUtcNow() + _cooldown;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Executor {Endpoint} serves model {Actual}, but is configured for {Expected}; skipping it")]
    private partial void LogWrongModel(Uri endpoint, string actual, string expected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Executor {Endpoint} (enclave key {Address}) is not registered in ExecutorRegistry for {Model}; skipping it")]
    private partial void LogNotRegistered(Uri endpoint, string address, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Executor {Endpoint}: L1 registration recheck failed ({Error}); keeping it until L1 answers")]
    private partial void LogRegistrationCheckFailed(Uri endpoint, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Executor routes updated: {Models} models, {Executors} executor endpoints")]
    private partial void LogRoutesUpdated(int models, int executors);

    private sealed record Routing(Dictionary<string, Slot[]> Slots, IReadOnlyList<string> Models)
    {
        public Dictionary<string, int> Cursor { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Slot(HttpExecutorClient client)
    {
        public HttpExecutorClient Client { get; } = client;

        public volatile ExecutorIdentity? Identity;

        public DateTimeOffset DownUntil { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset RegisteredUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
