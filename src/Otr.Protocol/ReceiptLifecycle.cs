namespace Otr.Protocol;

/// <summary>
/// The receipt state machine as a table (PROTOCOL.md "Batches and finality"):
/// Provisional → Posted → Challengeable → Final, or Challengeable → Disputed → Final / Invalidated.
/// Late or repeated observations of <see cref="ReceiptEvent.WindowElapsed"/> and
/// <see cref="ReceiptEvent.BatchFinalized"/> are legal no-ops once they no longer change anything;
/// every pair not listed (a second dispute, a dispute outside the window, …) is illegal.
/// </summary>
public static class ReceiptLifecycle
{
    /// <summary>The table; print it with <see cref="TransitionTable{TState, TEvent}.ToMarkdown"/>.</summary>
    public static TransitionTable<ReceiptState, ReceiptEvent> Table { get; } = new(
        ReceiptState.Provisional,
        [
            new(ReceiptState.Provisional, ReceiptEvent.BatchSubmitted, ReceiptState.Posted),
            new(ReceiptState.Provisional, ReceiptEvent.BatchPosted, ReceiptState.Challengeable),
            new(ReceiptState.Posted, ReceiptEvent.BatchSubmitted, ReceiptState.Posted),
            new(ReceiptState.Posted, ReceiptEvent.BatchDropped, ReceiptState.Provisional),
            new(ReceiptState.Posted, ReceiptEvent.BatchPosted, ReceiptState.Challengeable),
            new(ReceiptState.Challengeable, ReceiptEvent.BatchReorged, ReceiptState.Posted),
            new(ReceiptState.Challengeable, ReceiptEvent.DisputeOpened, ReceiptState.Disputed),
            new(ReceiptState.Challengeable, ReceiptEvent.WindowElapsed, ReceiptState.Final),
            new(ReceiptState.Challengeable, ReceiptEvent.BatchFinalized, ReceiptState.Final),
            new(ReceiptState.Disputed, ReceiptEvent.WindowElapsed, ReceiptState.Disputed),
            new(ReceiptState.Disputed, ReceiptEvent.BatchFinalized, ReceiptState.Disputed),
            new(ReceiptState.Disputed, ReceiptEvent.DisputeWonByExecutor, ReceiptState.Final),
            new(ReceiptState.Disputed, ReceiptEvent.DisputeLostByExecutor, ReceiptState.Invalidated),
            new(ReceiptState.Final, ReceiptEvent.WindowElapsed, ReceiptState.Final),
            new(ReceiptState.Final, ReceiptEvent.BatchFinalized, ReceiptState.Final),
            new(ReceiptState.Invalidated, ReceiptEvent.WindowElapsed, ReceiptState.Invalidated),
            new(ReceiptState.Invalidated, ReceiptEvent.BatchFinalized, ReceiptState.Invalidated),
        ]);

    /// <summary>True with the next state when <paramref name="event"/> is legal in <paramref name="state"/>.</summary>
    public static bool TryApply(ReceiptState state, ReceiptEvent @event, out ReceiptState next) => Table.TryApply(state, @event, out next);
}
