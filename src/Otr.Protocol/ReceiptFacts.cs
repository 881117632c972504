namespace Otr.Protocol;

/// <summary>What an observer knows about one receipt; <see cref="ReceiptStatusPolicy.Evaluate"/> turns it into a <see cref="ReceiptState"/>.</summary>
/// <param name="Batch">State of the batch holding the receipt (<see cref="BatchState.Pending"/> when it is in no batch yet).</param>
/// <param name="PostedAt">Unix seconds of the L1 block that posted the batch; read only when <paramref name="Batch"/> is <see cref="BatchState.Posted"/>.</param>
/// <param name="ChallengeWindow">The challenge window in seconds, as configured on L1.</param>
/// <param name="Now">Current L1 time: the timestamp of the latest L1 block seen, not the wall clock.</param>
/// <param name="Dispute">The receipt's dispute situation on L1.</param>
public sealed record ReceiptFacts(BatchState Batch, ulong PostedAt, ulong ChallengeWindow, ulong Now, ReceiptDispute Dispute);
