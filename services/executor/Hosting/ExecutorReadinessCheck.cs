using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Otr.Executor.Hosting;

/// <summary>Ready once the model is loaded, checked against L1, the key attested and registered; unhealthy with the reason after a failed start.</summary>
internal sealed class ExecutorReadinessCheck(ExecutorRuntime runtime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            runtime.IsReady ? HealthCheckResult.Healthy($"serving {runtime.State.Model.Name} as {runtime.State.Tee.EnclaveAddress}")
            : runtime.Failure is { } failure ? HealthCheckResult.Unhealthy("executor refused to start: " + failure)
            : HealthCheckResult.Unhealthy("executor is starting"));
}
