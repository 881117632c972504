namespace Otr.Protocol.Dispute;

/// <summary>
/// The game's phases as a table (docs/dispute.md prints it): bisection, leaf reveal and fine commit in order,
/// and from every live phase the instant proofs and the timeout to <see cref="DisputePhase.Resolved"/>.
/// <see cref="DisputeRules"/> does the work; a test holds every transition it makes to this table.
/// </summary>
public static class DisputeLifecycle
{
    private static readonly DisputePhase[] Live =
    [
        DisputePhase.CoarseBisect, DisputePhase.CoarseRespond, DisputePhase.CoarseLeaf, DisputePhase.FineCommit,
        DisputePhase.FineBisect, DisputePhase.FineRespond, DisputePhase.FineLeaf, DisputePhase.OneStep,
    ];

    /// <summary>The table.</summary>
    public static TransitionTable<DisputePhase, DisputeEvent> Table { get; } = new(
        DisputePhase.None,
        [
            new(DisputePhase.None, DisputeEvent.Opened, DisputePhase.CoarseBisect),
            new(DisputePhase.None, DisputeEvent.OpenedOnOneLeaf, DisputePhase.CoarseLeaf),
            new(DisputePhase.CoarseBisect, DisputeEvent.Bisected, DisputePhase.CoarseRespond),
            new(DisputePhase.CoarseRespond, DisputeEvent.Narrowed, DisputePhase.CoarseBisect),
            new(DisputePhase.CoarseRespond, DisputeEvent.NarrowedToOneLeaf, DisputePhase.CoarseLeaf),
            new(DisputePhase.CoarseLeaf, DisputeEvent.LeafRevealed, DisputePhase.FineCommit),
            new(DisputePhase.FineCommit, DisputeEvent.FineCommitted, DisputePhase.FineBisect),
            new(DisputePhase.FineCommit, DisputeEvent.FineCommittedOneLeaf, DisputePhase.FineLeaf),
            new(DisputePhase.FineBisect, DisputeEvent.Bisected, DisputePhase.FineRespond),
            new(DisputePhase.FineRespond, DisputeEvent.Narrowed, DisputePhase.FineBisect),
            new(DisputePhase.FineRespond, DisputeEvent.NarrowedToOneLeaf, DisputePhase.FineLeaf),
            new(DisputePhase.FineLeaf, DisputeEvent.LeafRevealed, DisputePhase.OneStep),
            new(DisputePhase.OneStep, DisputeEvent.StepRuled, DisputePhase.Resolved),
            .. Live.SelectMany(p => new Transition<DisputePhase, DisputeEvent>[]
            {
                new(p, DisputeEvent.TraceLengthProved, DisputePhase.Resolved),
                new(p, DisputeEvent.TokenMismatchProved, DisputePhase.Resolved),
                new(p, DisputeEvent.OutputAfterEosProved, DisputePhase.Resolved),
                new(p, DisputeEvent.TimedOut, DisputePhase.Resolved),
            }),
        ]);

    /// <summary>The event a successful move was, given the states before and after it.</summary>
    public static DisputeEvent EventOf(DisputeGameState before, DisputeMove move, DisputeGameState after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(move);
        ArgumentNullException.ThrowIfNull(after);
        return move.Kind switch
        {
            DisputeMoveKind.Bisect => DisputeEvent.Bisected,
            DisputeMoveKind.Respond => after.Hi - after.Lo == 1 ? DisputeEvent.NarrowedToOneLeaf : DisputeEvent.Narrowed,
            DisputeMoveKind.RevealLeaf => DisputeEvent.LeafRevealed,
            DisputeMoveKind.CommitFine => after.FineLength == 1 ? DisputeEvent.FineCommittedOneLeaf : DisputeEvent.FineCommitted,
            DisputeMoveKind.Step => DisputeEvent.StepRuled,
            DisputeMoveKind.ProveTraceLength => DisputeEvent.TraceLengthProved,
            DisputeMoveKind.ProveTokenMismatch => DisputeEvent.TokenMismatchProved,
            DisputeMoveKind.ProveOutputAfterEos => DisputeEvent.OutputAfterEosProved,
            _ => DisputeEvent.TimedOut,
        };
    }
}
