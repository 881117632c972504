using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// Builds inclusion proofs for published receipts. L1 stores only batch roots, so the proof comes
/// from the batch's digest list the sequencer publishes (<c>Topics.Batches</c>); the proof is then
/// checked against the L1 root by <see cref="IBatchReader"/>.
/// </summary>
public interface IBatchProofSource
{
    /// <summary>
    /// Siblings from leaf <paramref name="leafIndex"/> of batch <paramref name="batchIndex"/> up to its root,
    /// waiting a bounded time for the batch's digest list; null when it did not arrive or has no such leaf.
    /// </summary>
    Task<IReadOnlyList<Bytes32>?> GetProofAsync(ulong batchIndex, ulong leafIndex, CancellationToken cancellationToken);
}
