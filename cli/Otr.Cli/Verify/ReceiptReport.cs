using Otr.Protocol;

namespace Otr.Cli.Verify;

/// <summary>The verdict on a receipt: each check, whether all held, and its lifecycle state.</summary>
/// <param name="Digest">EIP-712 digest of the receipt.</param>
/// <param name="Checks">Every check made.</param>
/// <param name="State">Lifecycle state (null when a check failed, so no state applies).</param>
/// <param name="StateDetail">Explanation of the state, e.g. when the window closes.</param>
public sealed record ReceiptReport(Bytes32 Digest, IReadOnlyList<ReceiptCheck> Checks, ReceiptState? State, string StateDetail)
{
    /// <summary>True when no check failed.</summary>
    public bool Valid => Checks.All(c => c.Passed != false);

    /// <summary>The state as users see it: PROVISIONAL, POSTED, DISPUTED, FINAL or INVALIDATED.</summary>
    public string StateName => State switch
    {
        null => "INVALID",
        ReceiptState.Provisional or ReceiptState.Posted => "PROVISIONAL",
        ReceiptState.Challengeable => "POSTED",
        ReceiptState.Disputed => "DISPUTED",
        ReceiptState.Final => "FINAL",
        ReceiptState.Invalidated => "INVALIDATED",
        _ => State.Value.ToString().ToUpperInvariant(),
    };
}
