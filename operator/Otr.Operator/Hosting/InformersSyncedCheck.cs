using Microsoft.Extensions.Diagnostics.HealthChecks;
using Otr.Operator.Controllers;

namespace Otr.Operator.Hosting;

/// <summary>Readiness: every informer has listed once.</summary>
internal sealed class InformersSyncedCheck(OperatorController controller) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(controller.Synced
            ? HealthCheckResult.Healthy(controller.IsLeader ? "synced, leading" : "synced, standby")
            : HealthCheckResult.Unhealthy("informers not synced"));
}
