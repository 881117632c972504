using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Otr.Sequencer.Batching;

/// <summary>
/// Reports the batching agent as degraded while its passes fail (L1 down, a conflicting batch on L1,
/// the bus unavailable). Degraded, not unhealthy: the sequencer still answers and stores receipts,
/// so it should stay in service; the report tells the operator why batches are not moving.
/// </summary>
internal sealed class BatchingHealthCheck(BatchingStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Failing is { } failing
            ? HealthCheckResult.Degraded($"batching failing since {failing.Since:O}: {failing.Error}")
            : HealthCheckResult.Healthy());
}
