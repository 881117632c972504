using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Otr.Challenger;

/// <summary>Ready once the weights check passed and while the agent is judging receipts.</summary>
internal sealed class ChallengerReadinessCheck(ChallengerAgent agent) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(agent.IsRunning ? HealthCheckResult.Healthy(agent.State) : HealthCheckResult.Unhealthy(agent.State));
}
