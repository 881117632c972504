namespace Otr.Protocol.Dispute;

/// <summary>What happened to a game, for its lifecycle table (<see cref="DisputeLifecycle"/>).</summary>
public enum DisputeEvent
{
    /// <summary>A game opened on a receipt of two or more coarse leaves (or none).</summary>
    Opened,

    /// <summary>A game opened on a one-leaf receipt: nothing to bisect.</summary>
    OpenedOnOneLeaf,

    /// <summary>The executor revealed a midpoint root.</summary>
    Bisected,

    /// <summary>The challenger answered; more than one leaf is left.</summary>
    Narrowed,

    /// <summary>The challenger answered; one leaf is left.</summary>
    NarrowedToOneLeaf,

    /// <summary>The executor revealed the disputed leaf.</summary>
    LeafRevealed,

    /// <summary>The executor committed a fine trace of two or more leaves.</summary>
    FineCommitted,

    /// <summary>The executor committed a one-leaf fine trace.</summary>
    FineCommittedOneLeaf,

    /// <summary>The one-step verifier ruled.</summary>
    StepRuled,

    /// <summary>A trace-length proof succeeded.</summary>
    TraceLengthProved,

    /// <summary>A token-mismatch proof succeeded.</summary>
    TokenMismatchProved,

    /// <summary>An output-after-EOS proof succeeded.</summary>
    OutputAfterEosProved,

    /// <summary>A timeout was claimed after the deadline.</summary>
    TimedOut,
}
