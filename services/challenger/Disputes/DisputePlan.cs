using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Challenger;

/// <summary>Pure: whether a receipt can be won on L1 and with which challenger root to open.</summary>
public static class DisputePlan
{
    /// <summary>
    /// The root a challenger opens with when its free-running trace is the signed trace (only the unprocessed last
    /// output token was altered): <c>keccak("otr-output-claim" ‖ freeRunningRoot ‖ keccak(uint32 computed token …))</c>,
    /// a commitment to our trace and the output it emits. The game only needs it non-zero and different from the signed root.
    /// </summary>
    public static Bytes32 OutputClaim(Bytes32 freeRunningRoot, IReadOnlyList<TraceEmit> emits)
    {
        ArgumentNullException.ThrowIfNull(emits);
        var computed = DisputeRules.HashTokens([.. emits.Select(e => e.Token)]);
        var bytes = new byte[16 + 64];
        "otr-output-claim"u8.CopyTo(bytes);
        freeRunningRoot.Span.CopyTo(bytes.AsSpan(16));
        computed.Span.CopyTo(bytes.AsSpan(48));
        return Keccak.Hash(bytes);
    }

    /// <summary>
    /// The root to open a game with, or null with the reason there is nothing to prove. <paramref name="teacherForced"/>
    /// is our trace of the receipt's own prompt and output. When it is not the signed trace, we open with its root and
    /// bisection finds the first wrong leaf. When it is, the executor computed honestly but signed an output other than
    /// the one it computed: a token mismatch proves that, and we open with our free-running root (which then differs).
    /// With <paramref name="eosToken"/>, an output that continues after EOS is disputed too (its trace may be honest
    /// teacher forcing all along: only the padding is the fraud).
    /// </summary>
    public static (Bytes32? Root, string Why) ChallengerRoot(Receipt receipt, IDisputeTrace teacherForced, Bytes32 freeRunningRoot, uint? eosToken = null)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(teacherForced);
        var ours = teacherForced.CoarseRoot(teacherForced.CoarseLength);
        if (ours != receipt.TraceRoot)
        {
            return (ours, "our teacher-forced trace differs from the signed trace");
        }

        // Emit leaves are in position order, one per output token: emit j holds the token computed for output j.
        var output = teacherForced.OutputTokens;
        var emits = teacherForced.Emits;
        var differs = false;
        for (var j = 0; j < emits.Count && j < output.Count; j++)
        {
            differs |= emits[j].Token != output[j];
        }

        if (!differs && eosToken is { } eos && DisputeRules.HasOutputAfterEos(output, eos))
        {
            return (freeRunningRoot != receipt.TraceRoot ? freeRunningRoot : OutputClaim(freeRunningRoot, emits),
                "the signed output continues after EOS (padding no honest decode produces)");
        }

        if (!differs)
        {
            return (null, "our teacher-forced trace is the signed trace and emits the signed output: nothing to prove");
        }

        // Our free-running root differs from the signed one unless only the last (unprocessed) output token was
        // altered; either way the game needs a non-zero root other than the signed one, and it is informational.
        return (freeRunningRoot != receipt.TraceRoot ? freeRunningRoot : OutputClaim(freeRunningRoot, emits),
            "the signed trace emits tokens other than the signed output (token mismatch)");
    }
}
