using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Otr.Sequencer.Configuration;

namespace Otr.Sequencer.Executors;

/// <summary>
/// Round-robin over the configured executors of each model. An executor's identity is learned from
/// <c>GET /v1/identity</c> on first use and kept until the executor fails, so a restarted executor
/// (new enclave key) is re-learned. An executor whose identity names another model, or another
/// EIP-712 domain than the sequencer's, is skipped.
/// </summary>
internal sealed partial class HttpExecutorPool : IExecutorPool
{
    internal const string HttpClientName = "otr-executor";

    private readonly Dictionary<string, Slot[]> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _cursor = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _cooldown;
    private readonly ulong _chainId;
    private readonly string _rollup;
    private readonly ILogger<HttpExecutorPool> _logger;

    public HttpExecutorPool(IOptions<SequencerOptions> options, IHttpClientFactory httpClients, TimeProvider time, ILogger<HttpExecutorPool> logger)
    {
        _time = time;
        _logger = logger;
        _cooldown = options.Value.ExecutorCooldown;
        _chainId = options.Value.ChainId;
        _rollup = options.Value.RollupAddress;
        foreach (var model in options.Value.Models)
        {
            _slots[model.Name] = [.. model.Executors.Select(url => new Slot(new HttpExecutorClient(httpClients.CreateClient(HttpClientName), Normalize(url))))];
            _cursor[model.Name] = 0;
        }

        Models = [.. options.Value.Models.Select(m => m.Name)];
    }

    public IReadOnlyList<string> Models { get; }

    public int EndpointCount(string model) => _slots.TryGetValue(model, out var slots) ? slots.Length : 0;

    public async Task<SelectedExecutor> NextAsync(string model, CancellationToken cancellationToken)
    {
        if (!_slots.TryGetValue(model, out var slots))
        {
            throw new ExecutorUnavailableException($"no executor is configured for model '{model}'");
        }

        var now = _time.GetUtcNow();
        Slot[] order;
        lock (_lock)
        {
            var start = _cursor[model];
            _cursor[model] = (start + 1) % slots.Length;
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

            return new SelectedExecutor(slot.Client, identity);
        }

        throw new ExecutorUnavailableException($"no executor for model '{model}' is available ({string.Join("; ", reasons)})");
    }

    public void ReportFailure(SelectedExecutor executor)
    {
        foreach (var slots in _slots.Values)
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

    private void MarkDown(Slot slot)
    {
        lock (_lock)
        {
            slot.Identity = null;
            slot.DownUntil = _time.GetUtcNow() + _cooldown;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Executor {Endpoint} serves model {Actual}, but is configured for {Expected}; skipping it")]
    private partial void LogWrongModel(Uri endpoint, string actual, string expected);

    private sealed class Slot(HttpExecutorClient client)
    {
        public HttpExecutorClient Client { get; } = client;

        public volatile ExecutorIdentity? Identity;

        public DateTimeOffset DownUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
