namespace Otr.Sequencer.Executors;

/// <summary>The executors the sequencer routes to, per model.</summary>
public interface IExecutorPool
{
    /// <summary>Names of the models the pool serves, in configured order.</summary>
    IReadOnlyList<string> Models { get; }

    /// <summary>How many executors serve the model (0 when unknown): the most a request will try.</summary>
    int EndpointCount(string model);

    /// <summary>
    /// The next executor for the model in round-robin order whose identity is known and serves the
    /// model; executors that failed recently are tried last.
    /// </summary>
    /// <exception cref="ExecutorUnavailableException">No executor of the model is reachable.</exception>
    Task<SelectedExecutor> NextAsync(string model, CancellationToken cancellationToken);

    /// <summary>The executor failed or misbehaved: skip it for a while and learn its identity again.</summary>
    void ReportFailure(SelectedExecutor executor);
}
