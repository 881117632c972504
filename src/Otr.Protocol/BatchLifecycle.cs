namespace Otr.Protocol;

/// <summary>
/// The batch state machine as a table: Pending → Posting → Posted → Final, with failed submissions
/// and reorgs stepping back. Late or repeated finality observations are legal no-ops; every pair not
/// listed is illegal.
/// </summary>
public static class BatchLifecycle
{
    /// <summary>The table; print it with <see cref="TransitionTable{TState, TEvent}.ToMarkdown"/>.</summary>
    public static TransitionTable<BatchState, BatchEvent> Table { get; } = new(
        BatchState.Pending,
        [
            new(BatchState.Pending, BatchEvent.Submitted, BatchState.Posting),
            new(BatchState.Pending, BatchEvent.Posted, BatchState.Posted),
            new(BatchState.Posting, BatchEvent.Submitted, BatchState.Posting),
            new(BatchState.Posting, BatchEvent.Dropped, BatchState.Pending),
            new(BatchState.Posting, BatchEvent.Posted, BatchState.Posted),
            new(BatchState.Posted, BatchEvent.Reorged, BatchState.Posting),
            new(BatchState.Posted, BatchEvent.WindowElapsed, BatchState.Final),
            new(BatchState.Posted, BatchEvent.Finalized, BatchState.Final),
            new(BatchState.Final, BatchEvent.WindowElapsed, BatchState.Final),
            new(BatchState.Final, BatchEvent.Finalized, BatchState.Final),
        ]);

    /// <summary>True with the next state when <paramref name="event"/> is legal in <paramref name="state"/>.</summary>
    public static bool TryApply(BatchState state, BatchEvent @event, out BatchState next) => Table.TryApply(state, @event, out next);
}
