using Otr.Protocol;

namespace Otr.Cli.Verify;

/// <summary>Everything gathered about one receipt, offline and from L1; <see cref="ReceiptReportBuilder"/> judges it.</summary>
public sealed record ReceiptEvidence
{
    /// <summary>The signed receipt.</summary>
    public required SignedReceipt Receipt { get; init; }

    /// <summary>Address the signature recovers to (null: malformed signature).</summary>
    public string? RecoveredSigner { get; init; }

    /// <summary>False when L1 was not consulted.</summary>
    public bool OnChain { get; init; }

    /// <summary>The rollup's own EIP-712 domain.</summary>
    public Eip712Domain? RollupDomain { get; init; }

    /// <summary>Whether the executor is registered for the receipt's model.</summary>
    public bool? Registered { get; init; }

    /// <summary>The receipt's batch and leaf, when the sequencer has batched it.</summary>
    public BatchPlacement? Placement { get; init; }

    /// <summary>The batch as L1 holds it (null: not posted yet).</summary>
    public (Bytes32 Root, ulong PostedAt)? PostedBatch { get; init; }

    /// <summary>Whether the inclusion proof verifies on L1.</summary>
    public bool? Included { get; init; }

    /// <summary>Whether L1 marked the receipt invalidated.</summary>
    public bool Invalidated { get; init; }

    /// <summary>Challenge window in seconds.</summary>
    public ulong ChallengeWindow { get; init; }

    /// <summary>Timestamp of the latest L1 block.</summary>
    public ulong L1Now { get; init; }
}

/// <summary>Where a receipt sits in a batch.</summary>
/// <param name="BatchIndex">Batch index.</param>
/// <param name="LeafIndex">Leaf index.</param>
/// <param name="Proof">Sibling hashes, bottom-up.</param>
public sealed record BatchPlacement(ulong BatchIndex, int LeafIndex, IReadOnlyList<Bytes32> Proof);
