namespace Otr.Sequencer.Batching;

/// <summary>How the batching agent's last passes went, for the readiness report.</summary>
internal sealed class BatchingStatus
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _failingSince;
    private string? _lastError;

    public void Succeeded()
    {
        lock (_lock)
        {
            _failingSince = null;
            _lastError = null;
        }
    }

    public void Failed(DateTimeOffset now, Exception error)
    {
        lock (_lock)
        {
            _failingSince ??= now;
            _lastError = error.Message;
        }
    }

    /// <summary>Since when every pass failed, and the last error; null while passes succeed.</summary>
    public (DateTimeOffset Since, string Error)? Failing
    {
        get
        {
            lock (_lock)
            {
                return _failingSince is { } since ? (since, _lastError!) : null;
            }
        }
    }
}
