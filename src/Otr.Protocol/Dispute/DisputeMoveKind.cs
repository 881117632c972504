namespace Otr.Protocol.Dispute;

/// <summary>The moves of the game, one per contract function.</summary>
public enum DisputeMoveKind
{
    /// <summary><c>bisect(digest, root)</c>.</summary>
    Bisect,

    /// <summary><c>respond(digest, agree)</c>.</summary>
    Respond,

    /// <summary><c>revealLeaf(digest, leaf, peaks)</c>.</summary>
    RevealLeaf,

    /// <summary><c>commitFine(digest, fineRoot, lastRoot, lastPeaks, witness)</c>.</summary>
    CommitFine,

    /// <summary><c>step(digest, witness)</c>.</summary>
    Step,

    /// <summary><c>proveTraceLength(digest, witness)</c>.</summary>
    ProveTraceLength,

    /// <summary><c>proveTokenMismatch(digest, proof)</c>.</summary>
    ProveTokenMismatch,

    /// <summary><c>proveOutputAfterEos(digest, witness, outputTokens)</c>.</summary>
    ProveOutputAfterEos,

    /// <summary><c>timeout(digest)</c>.</summary>
    Timeout,
}
