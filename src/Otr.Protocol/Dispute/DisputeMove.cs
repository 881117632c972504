namespace Otr.Protocol.Dispute;

/// <summary>A move: the arguments of one contract call (the game's digest aside).</summary>
public abstract record DisputeMove
{
    /// <summary>Which function the move calls.</summary>
    public abstract DisputeMoveKind Kind { get; }

    /// <summary>Executor: its prefix root at the midpoint of the current level.</summary>
    /// <param name="Root">The prefix root.</param>
    public sealed record Bisect(Bytes32 Root) : DisputeMove
    {
        /// <inheritdoc/>
        public override DisputeMoveKind Kind => DisputeMoveKind.Bisect;
    }

    /// <summary>Challenger: agree (range becomes [mid, hi]) or disagree ([lo, mid]) with the revealed root.</summary>
    /// <param name="Agree">Whether the challenger's own prefix root at the midpoint is the revealed one.</param>
    public sealed record Respond(bool Agree) : DisputeMove
    {
        /// <inheritdoc/>
        public override DisputeMoveKind Kind => DisputeMoveKind.Respond;
    }

    /// <summary>Executor: its leaf <c>lo</c> of the current level with the peaks of the agreed prefix at <c>lo</c>.</summary>
    /// <param name="Leaf">The leaf hash.</param>
    /// <param name="Peaks">Peaks of the <c>lo</c>-leaf prefix, largest first.</param>
    public sealed record RevealLeaf(Bytes32 Leaf, IReadOnlyList<Bytes32> Peaks) : DisputeMove
    {
        /// <inheritdoc/>
        public override DisputeMoveKind Kind => DisputeMoveKind.RevealLeaf;
    }

    /// <summary>Executor: its fine trace of step k: the root over m leaves, the root and peaks over the first m − 1.</summary>
    /// <param name="FineRoot">Prefix root of all m fine leaves.</param>
    /// <param name="LastRoot">Prefix root of the first m − 1.</param>
    /// <param name="LastPeaks">Peaks of the first m − 1.</param>
    /// <param name="Witness">Opens the model config for the verifier's fineLength.</param>
    public sealed record CommitFine(Bytes32 FineRoot, Bytes32 LastRoot, IReadOnlyList<Bytes32> LastPeaks, byte[] Witness) : DisputeMove
    {
        /// <inheritdoc/>
        public override DisputeMoveKind Kind => DisputeMoveKind.CommitFine;
    }

    /// <summary>Anyone: the one step, with the verifier's witness for fine leaf i.</summary>
    /// <param name="Witness">The witness.</param>
    public sealed record Step(byte[] Witness) : DisputeMove
    {
        /// <inheritdoc/>
        public override DisputeMoveKind Kind => DisputeMoveKind.Step;
    }

    /// <summary>Anyone: the receipt's traceLength is not the expected one.</summary>
    /// <param name="Witness">Opens the model config for the verifier's expectedTraceLength.</param>
    public sealed record ProveTraceLength(byte[] Witness) : DisputeMove
    {
        /// <inheritdoc/>
        public override DisputeMoveKind Kind => DisputeMoveKind.ProveTraceLength;
    }

    /// <summary>Anyone: a leaf of the executor's trace emits a token that is not the receipt's output there.</summary>
    /// <param name="LeafIndex">The leaf's index in the executor's coarse trace.</param>
    /// <param name="Position">Its position t.</param>
    /// <param name="TraceStep">Its step l (≥ 1; L+1 in an honest trace).</param>
    /// <param name="Token">The token it holds.</param>
    /// <param name="Opening">Its opening against the receipt's traceRoot over traceLength leaves.</param>
    /// <param name="OutputTokens">The receipt's output tokens (checked against its outputHash).</param>
    public sealed record ProveTokenMismatch(ulong LeafIndex, uint Position, uint TraceStep, uint Token, TraceOpening Opening, IReadOnlyList<uint> OutputTokens) : DisputeMove
    {
        /// <inheritdoc/>
        public override DisputeMoveKind Kind => DisputeMoveKind.ProveTokenMismatch;
    }

    /// <summary>Anyone: an output token before the last one is the model's EOS (the output was padded after the end).</summary>
    /// <param name="Witness">Opens the model config (the EOS id) for the verifier's eosToken.</param>
    /// <param name="OutputTokens">The receipt's output tokens (checked against its outputHash).</param>
    public sealed record ProveOutputAfterEos(byte[] Witness, IReadOnlyList<uint> OutputTokens) : DisputeMove
    {
        /// <inheritdoc/>
        public override DisputeMoveKind Kind => DisputeMoveKind.ProveOutputAfterEos;
    }

    /// <summary>Anyone, at or after the deadline: the party whose turn it was loses.</summary>
    public sealed record Timeout : DisputeMove
    {
        /// <inheritdoc/>
        public override DisputeMoveKind Kind => DisputeMoveKind.Timeout;
    }
}
