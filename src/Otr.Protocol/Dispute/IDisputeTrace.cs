namespace Otr.Protocol.Dispute;

/// <summary>
/// Our own traces of the disputed request, as <see cref="DisputeSolver"/> needs them: the coarse trace (the
/// executor's is the one it signed; a challenger's is its teacher-forced re-execution), its emit leaves, the
/// output tokens of the receipt, and, per coarse step, the fine trace.
/// </summary>
public interface IDisputeTrace
{
    /// <summary>Number of coarse leaves.</summary>
    ulong CoarseLength { get; }

    /// <summary>Prefix root of the first <paramref name="n"/> coarse leaves (n ≤ <see cref="CoarseLength"/>).</summary>
    Bytes32 CoarseRoot(ulong n);

    /// <summary>Peaks of the first <paramref name="n"/> coarse leaves, largest first.</summary>
    IReadOnlyList<Bytes32> CoarsePeaks(ulong n);

    /// <summary>Coarse leaf <paramref name="index"/>.</summary>
    Bytes32 CoarseLeaf(ulong index);

    /// <summary>Opens coarse leaf <paramref name="index"/> against the root of the whole trace.</summary>
    TraceOpening OpenCoarse(ulong index);

    /// <summary>The emit leaves of the coarse trace, in order.</summary>
    IReadOnlyList<TraceEmit> Emits { get; }

    /// <summary>The receipt's output tokens (the teacher-forced tokens after the prompt).</summary>
    IReadOnlyList<uint> OutputTokens { get; }

    /// <summary>Our fine trace of coarse step <paramref name="coarseIndex"/>.</summary>
    IFineTrace Fine(ulong coarseIndex);
}
