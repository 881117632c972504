using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>Reads the L1 rollup: its signing domain and batch membership. Throws on transport failures (the agent retries); answers are definitive.</summary>
public interface IBatchReader
{
    /// <summary>The EIP-712 domain receipts of this rollup are signed under (chain id and rollup address).</summary>
    Task<Eip712Domain> GetDomainAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the receipt with <paramref name="digest"/> sits at <paramref name="leafIndex"/> of batch
    /// <paramref name="batchIndex"/>, i.e. whether <paramref name="proof"/> takes its batch leaf
    /// <c>TreeHash.Leaf(digest)</c> to the batch root posted on L1.
    /// </summary>
    Task<InclusionStatus> CheckInclusionAsync(
        ulong batchIndex,
        Bytes32 digest,
        ulong leafIndex,
        IReadOnlyList<Bytes32> proof,
        CancellationToken cancellationToken);
}
