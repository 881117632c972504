using Otr.Api;

namespace Otr.Sequencer.Executors;

/// <summary>
/// Talks to one executor over the <see cref="ExecuteRequest"/> wire contract. Implementations throw
/// <see cref="ExecutorUnavailableException"/> when the executor cannot be reached or fails (the
/// request may go to another executor) and <see cref="ExecutorRejectedException"/> when it refuses
/// the request itself (4xx; another executor would refuse it too).
/// </summary>
public interface IExecutorClient
{
    /// <summary>The executor's base URL.</summary>
    Uri Endpoint { get; }

    /// <summary><c>GET /v1/identity</c>: the enclave address and the model it serves.</summary>
    Task<ExecutorIdentity> GetIdentityAsync(CancellationToken cancellationToken);

    /// <summary><c>POST /v1/execute</c> without streaming.</summary>
    Task<ExecuteResponse> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/execute</c> with <c>stream = true</c>: token lines, then one done line.</summary>
    IAsyncEnumerable<ExecuteStreamEvent> ExecuteStreamAsync(ExecuteRequest request, CancellationToken cancellationToken);
}
