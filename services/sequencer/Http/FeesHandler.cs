using System.Globalization;
using System.Numerics;
using Microsoft.AspNetCore.Http;
using Otr.Api;
using Otr.Sequencer.Fees;
using Otr.Sequencer.OpenAi;

namespace Otr.Sequencer.Http;

/// <summary>
/// <c>GET /v1/fees</c> (API key required): fees per enclave key and operator (receipts, output tokens, wei as a decimal
/// string), their sum, and the receipts still waiting for attribution with the reason.
/// </summary>
internal sealed class FeesHandler(ApiKeyAuthenticator authenticator, FeeAttributionAgent fees)
{
    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            authenticator.Authenticate(context.Request);
            if (!fees.Enabled)
            {
                throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, new ApiError(new ApiErrorDetail(
                    "Fees are not attributed here: Sequencer:L1:ExecutorRegistry (and Sequencer:L1:RpcUrl) must be configured", "server_error", null, "fees_unavailable")));
            }

            var (totals, waiting) = fees.Report();
            await HttpJson.WriteAsync(context.Response, StatusCodes.Status200OK, json =>
            {
                json.WriteStartObject();
                json.WriteString("object", "list");
                json.WriteStartArray("data");
                foreach (var t in totals)
                {
                    json.WriteStartObject();
                    json.WriteString("executor", t.Executor);
                    json.WriteString("operator", t.Operator);
                    json.WriteNumber("receipts", t.Receipts);
                    json.WriteNumber("tokens", t.Tokens);
                    json.WriteString("wei", t.Wei.ToString(CultureInfo.InvariantCulture));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteString("totalWei", totals.Aggregate(BigInteger.Zero, (sum, t) => sum + t.Wei).ToString(CultureInfo.InvariantCulture));
                json.WriteStartArray("unattributed");
                foreach (var (subject, reason) in waiting)
                {
                    json.WriteStartObject();
                    json.WriteString("digest", subject.Digest.ToString());
                    json.WriteString("model", subject.Model);
                    json.WriteString("executor", subject.Executor);
                    json.WriteNumber("tokens", subject.Tokens);
                    json.WriteString("reason", reason);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }, context.RequestAborted);
        }
        catch (ApiProblemException e)
        {
            await HttpJson.WriteErrorAsync(context.Response, e);
        }
    }
}
