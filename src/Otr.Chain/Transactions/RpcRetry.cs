using System.Net.Sockets;
using Nethereum.JsonRpc.Client;

namespace Otr.Chain.Transactions;

/// <summary>Retries JSON-RPC calls on transient failures with capped exponential backoff and full jitter.</summary>
internal sealed class RpcRetry(TransactionManagerOptions options)
{
    public async Task<T> ExecuteAsync<T>(string what, Func<Task<T>> call, CancellationToken ct)
    {
        var delay = options.RpcRetryInitialDelay;
        for (var attempt = 1; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, ct))
            {
                if (attempt >= options.RpcMaxAttempts)
                {
                    throw new TransactionManagerException($"JSON-RPC {what} failed {attempt} times; last error: {e.Message}", e)
                    {
                        IsTransient = true,
                    };
                }
            }
            var jittered = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * delay.TotalMilliseconds);
            await Task.Delay(jittered, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.RpcRetryMaxDelay.Ticks));
        }
    }

    /// <summary>Errors that say nothing about the request itself: the node or the path to it hiccupped.</summary>
    public static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        OperationCanceledException => !ct.IsCancellationRequested, // an HTTP timeout, not our caller
        HttpRequestException or IOException or SocketException => true,
        RpcClientTimeoutException or RpcClientUnknownException => true,
        RpcResponseException r => r.RpcError?.Code is -32005 or 429
            || Contains(r.RpcError?.Message, "rate limit")
            || Contains(r.RpcError?.Message, "too many requests")
            || Contains(r.RpcError?.Message, "header not found")
            || Contains(r.RpcError?.Message, "try again"),
        _ => false,
    };

    private static bool Contains(string? text, string part) =>
        text?.Contains(part, StringComparison.OrdinalIgnoreCase) == true;
}
