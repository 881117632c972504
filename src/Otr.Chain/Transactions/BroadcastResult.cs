using Nethereum.JsonRpc.Client;

namespace Otr.Chain.Transactions;

/// <summary>How the node answered <c>eth_sendRawTransaction</c>.</summary>
internal enum BroadcastResult
{
    Accepted,
    AlreadyKnown,
    NonceTooLow,
    Underpriced,
    Rejected,
}

/// <summary>Maps node error messages (geth, Anvil, Erigon, Nethermind wordings) to <see cref="BroadcastResult"/>.</summary>
internal static class BroadcastErrors
{
    public static BroadcastResult Classify(RpcResponseException e)
    {
        var message = e.RpcError?.Message ?? e.Message;
        if (Has(message, "already known") || Has(message, "already imported") || Has(message, "known transaction") || Has(message, "AlreadyKnown"))
            return BroadcastResult.AlreadyKnown;
        if (Has(message, "nonce too low") || Has(message, "OldNonce") || Has(message, "nonce has already been used"))
            return BroadcastResult.NonceTooLow;
        if (Has(message, "underpriced") || Has(message, "ReplacementNotAllowed"))
            return BroadcastResult.Underpriced;
        return BroadcastResult.Rejected;
    }

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
