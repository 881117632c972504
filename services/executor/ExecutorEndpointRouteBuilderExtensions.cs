using Otr.Executor.Http;

namespace Otr.Executor;

/// <summary>Maps the executor's HTTP API.</summary>
public static class ExecutorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /v1/execute</c> (JSON, or NDJSON when <c>stream</c> is true), <c>GET /v1/identity</c>
    /// and <c>GET /v1/attestation</c>.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    public static IEndpointRouteBuilder MapExecutor(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var v1 = endpoints.MapGroup("/v1").WithTags("executor");
        v1.MapPost("/execute", ExecutorEndpoints.Execute).WithName("Execute");
        v1.MapGet("/identity", ExecutorEndpoints.Identity).WithName("Identity");
        v1.MapGet("/attestation", ExecutorEndpoints.Attestation).WithName("Attestation");
        return endpoints;
    }
}
