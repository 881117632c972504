using Otr.Api;
using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>The challenger's read-only HTTP API over its findings store.</summary>
public static class ChallengerEndpoints
{
    /// <summary>Default number of findings <c>GET /v1/findings</c> returns.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Largest <c>limit</c> accepted.</summary>
    public const int MaxLimit = 1000;

    /// <summary>
    /// Maps <c>GET /v1/findings?kind=&amp;limit=</c> (newest first) and <c>GET /v1/verdicts/{digest}</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapChallenger(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/v1/findings", ListFindings);
        endpoints.MapGet("/v1/verdicts/{digest}", GetVerdict);
        endpoints.MapGet("/v1/disputes", ListDisputes);
        return endpoints;
    }

    private static IResult ListDisputes(IServiceProvider services)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChallengerOptions>>().Value;
        if (!options.Dispute.Enabled)
        {
            return Results.Ok(new { enabled = false, data = Array.Empty<object>() });
        }

        var agent = services.GetRequiredService<DisputeAgent>();
        return Results.Ok(new
        {
            enabled = true,
            account = agent.Account,
            data = agent.Games.OrderByDescending(g => g.At).Select(g => new { digest = g.Digest, status = g.Status.ToString()!.ToLowerInvariant(), outcome = g.Outcome, reason = g.Reason, detail = g.Detail, openTx = g.OpenTx, at = g.At }),
        });
    }

    private static IResult ListFindings(IFindingStore store, string? kind, int? limit)
    {
        if (kind is not null && !FindingKind.IsKnown(kind))
        {
            return Error(
                StatusCodes.Status400BadRequest,
                $"unknown finding kind '{kind}'; expected one of {string.Join(", ", FindingKind.All)}",
                "kind",
                "invalid_kind");
        }

        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            return Error(StatusCodes.Status400BadRequest, $"limit must be between 1 and {MaxLimit}, got {take}", "limit", "invalid_limit");
        }

        var views = new List<FindingView>();
        foreach (var verdict in store.List(kind, take))
        {
            foreach (var f in verdict.Findings)
            {
                if (views.Count < take && (kind is null || f.Kind == kind))
                {
                    views.Add(new FindingView(
                        f.Kind, f.Message, verdict.Digest, verdict.RequestId, verdict.ModelId, verdict.Executor,
                        verdict.BatchIndex, verdict.LeafIndex, verdict.CheckedAt, verdict.Disputable));
                }
            }

            if (views.Count >= take)
            {
                break;
            }
        }

        return Results.Json(new FindingList(views, store.Count), ChallengerJson.Options);
    }

    private static IResult GetVerdict(IFindingStore store, string digest)
    {
        if (!Bytes32.TryParse(digest, out var d))
        {
            return Error(StatusCodes.Status400BadRequest, $"'{digest}' is not a receipt digest (expected 0x followed by 64 hex digits)", "digest", "invalid_digest");
        }

        return store.Find(d) is { } verdict
            ? Results.Json(verdict, ChallengerJson.Options)
            : Error(StatusCodes.Status404NotFound, $"no verdict for receipt {d}: not seen yet, or judged by another challenger of the group", "digest", "verdict_not_found");
    }

    private static IResult Error(int status, string message, string param, string code) =>
        Results.Json(new ApiError(new ApiErrorDetail(message, "invalid_request_error", param, code)), ChallengerJson.Options, statusCode: status);
}
