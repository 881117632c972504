using System.Diagnostics.Metrics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Otr.Api;
using Otr.Attestation;
using Otr.Attestation.Committee;
using Otr.Attestation.Verification;

namespace Otr.Committee;

/// <summary>The committee member's HTTP API: <c>POST /v1/approvals</c> and <c>GET /v1/member</c>.</summary>
public static class CommitteeEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapCommittee(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/v1/approvals", ApproveAsync);
        endpoints.MapGet("/v1/member", Member);
        return endpoints;
    }

    private static IResult Member(CommitteeState state)
    {
        var policies = state.Policies(out _);
        return Results.Json(new
        {
            address = state.Address,
            chainId = state.ChainId,
            verifier = state.Verifier,
            models = policies?.Keys.Order(StringComparer.Ordinal).ToArray() ?? [],
        });
    }

    private static async Task<IResult> ApproveAsync(HttpContext context, CommitteeState state, CommitteeMetrics metrics, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Otr.Committee.Approvals");
        var limit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<CommitteeOptions>>().Value.MaxRequestBytes;
        ApprovalRequestBody? body;
        try
        {
            if (context.Request.ContentLength > limit)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, $"request body is larger than {limit} bytes", null, "request_too_large", metrics);
            }

            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (buffer.Length > limit)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, $"request body is larger than {limit} bytes", null, "request_too_large", metrics);
            }

            body = JsonSerializer.Deserialize<ApprovalRequestBody>(buffer.ToArray(), Json);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"body is not an approval request: {e.Message}", null, "invalid_json", metrics);
        }

        if (body is null)
        {
            return Error(StatusCodes.Status400BadRequest, "body is not an approval request", null, "invalid_json", metrics);
        }

        if (Parse(body) is { } invalid)
        {
            return Error(StatusCodes.Status400BadRequest, invalid.Message, invalid.Param, "invalid_request", metrics);
        }

        var policies = state.Policies(out var policyError);
        var member = state.Member(out var collateralError);
        if (policies is null || member is null)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, policyError ?? collateralError ?? "not loaded", null, "not_ready", metrics);
        }

        if (!policies.TryGetValue(body.Model!, out var model))
        {
            return Error(StatusCodes.Status404NotFound, $"model '{body.Model}' has no attestation policy here (known: {string.Join(", ", policies.Keys.Order(StringComparer.Ordinal))})", "model", "model_not_found", metrics);
        }

        var request = new CommitteeRequest(
            Enum.Parse<TeeKind>(body.Tee!),
            Hex(body.Evidence)!,
            Hex(body.Certificates) ?? [],
            body.EnclaveKey!,
            BigInteger.Parse(body.RegistrationNonce!, NumberStyles.None, CultureInfo.InvariantCulture),
            body.ApprovedAt);
        try
        {
            var decision = member.Approve(request, model, time.GetUtcNow());
            var a = decision.Approval;
            metrics.Decided("approved", body.Tee!);
            logger.LogInformation(
                "approved enclave key {Key} for {Model}: {Tee} measurement {Measurement}, TCB {Tcb}, nonce {Nonce}",
                a.EnclaveKey, model.Name, request.Kind, a.Measurement, decision.Evidence.TcbStatus, request.RegistrationNonce);
            return Results.Json(new ApprovalResponseBody(
                decision.Member,
                a.EnclaveKey,
                a.Measurement.ToString(),
                a.WeightsRoot.ToString(),
                a.EvidenceHash.ToString(),
                a.ApprovedAt,
                "0x" + Convert.ToHexStringLower(decision.Signature),
                member.ChainId,
                member.VerifierContract,
                decision.Evidence.TcbStatus), Json);
        }
        catch (AttestationRejectedException e)
        {
            metrics.Decided(e.Reason, body.Tee!);
            logger.LogWarning("refused enclave key {Key} for {Model}: {Reason}: {Message}", body.EnclaveKey, model.Name, e.Reason, e.Message);
            return Results.Json(new ApiError(new ApiErrorDetail(e.Message, "attestation_rejected", "evidence", e.Reason)), Json, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static (string Message, string Param)? Parse(ApprovalRequestBody body)
    {
        if (string.IsNullOrWhiteSpace(body.Model))
        {
            return ("model is required", "model");
        }

        if (body.Tee is null || !Enum.TryParse<TeeKind>(body.Tee, out var kind) || !Enum.IsDefined(kind) || int.TryParse(body.Tee, out _))
        {
            return ($"tee '{body.Tee}' is not one of {string.Join(", ", Enum.GetNames<TeeKind>())}", "tee");
        }

        if (Hex(body.Evidence) is not { Length: > 0 })
        {
            return ("evidence must be non-empty 0x-hex", "evidence");
        }

        if (body.Certificates is not null && Hex(body.Certificates) is null)
        {
            return ("certificates must be 0x-hex", "certificates");
        }

        if (!AbiWords.TryParseAddress(body.EnclaveKey ?? "", out _))
        {
            return ($"enclaveKey '{body.EnclaveKey}' is not an address (0x followed by 40 hex digits)", "enclaveKey");
        }

        if (body.RegistrationNonce is null || !BigInteger.TryParse(body.RegistrationNonce, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return ($"registrationNonce '{body.RegistrationNonce}' must be a decimal string", "registrationNonce");
        }

        return null;
    }

    private static byte[]? Hex(string? text)
    {
        if (text is null || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(text.AsSpan(2));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IResult Error(int status, string message, string? param, string code, CommitteeMetrics metrics)
    {
        metrics.Decided(code, "none");
        return Results.Json(new ApiError(new ApiErrorDetail(message, "invalid_request_error", param, code)), Json, statusCode: status);
    }
}

/// <summary>Meter <c>Otr.Committee</c>: <c>otr.committee.decisions</c> ({decision}; tags <c>outcome</c> = approved or the reason, <c>tee</c>).</summary>
public sealed class CommitteeMetrics
{
    private readonly Counter<long> _decisions;

    /// <summary>Creates the instruments.</summary>
    public CommitteeMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _decisions = meters.Create("Otr.Committee").CreateCounter<long>("otr.committee.decisions", "{decision}", "approval requests by outcome");
    }

    /// <summary>Counts one decision.</summary>
    public void Decided(string outcome, string tee) => _decisions.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("tee", tee));
}
