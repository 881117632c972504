using System.Collections.Concurrent;
using Otr.Chain.Contracts;
using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// <see cref="IBatchReader"/> over the deployed OtrRollup: reads the batch root from <c>batches(index)</c>
/// and checks the proof with <see cref="BatchVerifier"/> (the rule <c>verifyInclusion</c> applies on L1),
/// so one call serves every receipt of a batch. Posted batches are cached: a root never changes once posted
/// (a reorg that drops a batch is out of scope until the reorg-aware reader lands).
/// </summary>
/// <param name="rollup">OtrRollup binding.</param>
public sealed class ChainBatchReader(OtrRollupService rollup) : IBatchReader
{
    private readonly ConcurrentDictionary<ulong, OnChainBatch> _posted = new();

    /// <inheritdoc />
    public async Task<Eip712Domain> GetDomainAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await rollup.GetDomainAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<InclusionStatus> CheckInclusionAsync(
        ulong batchIndex, Bytes32 digest, ulong leafIndex, IReadOnlyList<Bytes32> proof, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proof);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_posted.TryGetValue(batchIndex, out var batch))
        {
            var read = await rollup.GetBatchAsync(batchIndex).ConfigureAwait(false);
            if (read is null)
            {
                return InclusionStatus.BatchNotPosted;
            }

            batch = _posted.GetOrAdd(batchIndex, read);
        }

        var included = leafIndex < batch.Count
            && BatchVerifier.Verify(new Batch(batch.Root, (int)batch.Count), digest, new BatchInclusionProof((int)leafIndex, proof));
        return included ? InclusionStatus.Included : InclusionStatus.NotIncluded;
    }
}
