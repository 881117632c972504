using Otr.Protocol;

namespace Otr.Sequencer.Receipts;

/// <summary>A batch as persisted before it is posted: what <c>submitBatch</c> will carry.</summary>
/// <param name="Index">Batch index on L1 (0, 1, …; the rollup only accepts the next one).</param>
/// <param name="Root">Positional Merkle root over <c>TreeHash.Leaf(digest)</c> of the members.</param>
/// <param name="Members">Receipt digests in leaf order.</param>
/// <param name="DataPointer">keccak of the batch's published payload (see the sequencer README).</param>
/// <param name="CreatedAt">When the batch was cut.</param>
public sealed record BatchRecord(
    ulong Index,
    Bytes32 Root,
    IReadOnlyList<Bytes32> Members,
    Bytes32 DataPointer,
    DateTimeOffset CreatedAt);
