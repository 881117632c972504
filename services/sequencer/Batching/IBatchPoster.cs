using Otr.Sequencer.Receipts;

namespace Otr.Sequencer.Batching;

/// <summary>
/// Posts a persisted batch to L1. Must be idempotent per batch index: the batching agent calls it
/// again for the same batch after a restart or a failure, and the poster must then re-attach to (or
/// recognise) the earlier submission instead of posting twice.
/// </summary>
public interface IBatchPoster
{
    /// <summary>Posts <paramref name="batch"/> (or finds it already posted) and returns the L1 transaction hash once confirmed.</summary>
    Task<string> PostAsync(BatchRecord batch, CancellationToken cancellationToken);
}
