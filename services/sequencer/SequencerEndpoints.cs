using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Otr.Sequencer.Executors;
using Otr.Sequencer.Http;
using Otr.Sequencer.OpenAi;

namespace Otr.Sequencer;

/// <summary>Maps the sequencer's HTTP API (see the sequencer README for the endpoints).</summary>
public static class SequencerEndpoints
{
    /// <summary>
    /// Maps <c>POST /v1/chat/completions</c>, <c>POST /v1/completions</c>, <c>GET /v1/models</c>,
    /// <c>GET /v1/receipts/{digest}</c>, <c>GET /v1/fees</c>, and an OpenAI-style 404 for any other <c>/v1/…</c> path.
    /// </summary>
    public static IEndpointRouteBuilder MapSequencer(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/v1/chat/completions", (HttpContext context, CompletionHandler handler) => handler.HandleAsync(context, CompletionKind.Chat));
        endpoints.MapPost("/v1/completions", (HttpContext context, CompletionHandler handler) => handler.HandleAsync(context, CompletionKind.Text));
        endpoints.MapGet("/v1/models", ListModelsAsync);
        endpoints.MapGet("/v1/receipts/{digest}", (HttpContext context, string digest, ReceiptQueryHandler handler) => handler.HandleAsync(context, digest));
        endpoints.MapGet("/v1/fees", (HttpContext context, FeesHandler handler) => handler.HandleAsync(context));
        endpoints.MapFallback("/v1/{**path}", (HttpContext context) => HttpJson.WriteErrorAsync(
            context.Response,
            ApiProblemException.NotFound(null, $"Unknown endpoint {context.Request.Method} {context.Request.Path}", "unknown_url")));
        return endpoints;
    }

    private static async Task ListModelsAsync(HttpContext context, ApiKeyAuthenticator authenticator, IExecutorPool pool)
    {
        try
        {
            authenticator.Authenticate(context.Request);
            await HttpJson.WriteAsync(context.Response, StatusCodes.Status200OK, json => OpenAiResponseWriter.WriteModels(json, pool.Models), context.RequestAborted);
        }
        catch (ApiProblemException e)
        {
            await HttpJson.WriteErrorAsync(context.Response, e);
        }
    }
}
