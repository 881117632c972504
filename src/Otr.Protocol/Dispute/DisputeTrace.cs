namespace Otr.Protocol.Dispute;

/// <summary>
/// <see cref="IDisputeTrace"/> over leaf hashes held in memory: the coarse leaves in a
/// <see cref="TraceAccumulator"/>, fine traces computed on demand by a delegate and kept once asked for.
/// </summary>
public sealed class DisputeTrace : IDisputeTrace
{
    private readonly TraceAccumulator _coarse = new();
    private readonly Func<ulong, IReadOnlyList<Bytes32>> _fineLeaves;
    private readonly Dictionary<ulong, FineTrace> _fine = [];

    /// <summary>Builds the trace.</summary>
    /// <param name="coarseLeaves">Coarse leaf hashes in order.</param>
    /// <param name="emits">The emit leaves among them.</param>
    /// <param name="outputTokens">The receipt's output tokens.</param>
    /// <param name="fineLeaves">Fine leaf hashes of a coarse step (its last leaf must be that coarse leaf).</param>
    public DisputeTrace(IReadOnlyList<Bytes32> coarseLeaves, IReadOnlyList<TraceEmit> emits, IReadOnlyList<uint> outputTokens, Func<ulong, IReadOnlyList<Bytes32>> fineLeaves)
    {
        ArgumentNullException.ThrowIfNull(coarseLeaves);
        ArgumentNullException.ThrowIfNull(emits);
        ArgumentNullException.ThrowIfNull(outputTokens);
        ArgumentNullException.ThrowIfNull(fineLeaves);
        foreach (var leaf in coarseLeaves)
        {
            _coarse.Append(leaf);
        }

        Emits = emits;
        OutputTokens = outputTokens;
        _fineLeaves = fineLeaves;
    }

    /// <inheritdoc/>
    public ulong CoarseLength => (ulong)_coarse.Count;

    /// <inheritdoc/>
    public IReadOnlyList<TraceEmit> Emits { get; }

    /// <inheritdoc/>
    public IReadOnlyList<uint> OutputTokens { get; }

    /// <inheritdoc/>
    public Bytes32 CoarseRoot(ulong n) => _coarse.RootAt(checked((long)n));

    /// <inheritdoc/>
    public IReadOnlyList<Bytes32> CoarsePeaks(ulong n) => _coarse.PeaksAt(checked((long)n));

    /// <inheritdoc/>
    public Bytes32 CoarseLeaf(ulong index) => _coarse.Leaves[checked((int)index)];

    /// <inheritdoc/>
    public TraceOpening OpenCoarse(ulong index) => _coarse.Open(checked((long)index), _coarse.Count);

    /// <inheritdoc/>
    public IFineTrace Fine(ulong coarseIndex)
    {
        if (!_fine.TryGetValue(coarseIndex, out var fine))
        {
            var leaves = _fineLeaves(coarseIndex);
            if (leaves.Count == 0 || (coarseIndex < CoarseLength && leaves[^1] != CoarseLeaf(coarseIndex)))
            {
                throw new ArgumentException($"the fine trace of coarse step {coarseIndex} must end with that coarse leaf");
            }

            fine = new FineTrace(leaves);
            _fine[coarseIndex] = fine;
        }

        return fine;
    }

    private sealed class FineTrace : IFineTrace
    {
        private readonly TraceAccumulator _acc = new();

        public FineTrace(IReadOnlyList<Bytes32> leaves)
        {
            foreach (var leaf in leaves)
            {
                _acc.Append(leaf);
            }
        }

        public ulong Length => (ulong)_acc.Count;

        public Bytes32 Root(ulong n) => _acc.RootAt(checked((long)n));

        public IReadOnlyList<Bytes32> Peaks(ulong n) => _acc.PeaksAt(checked((long)n));

        public Bytes32 Leaf(ulong index) => _acc.Leaves[checked((int)index)];
    }
}
