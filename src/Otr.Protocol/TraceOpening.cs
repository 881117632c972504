namespace Otr.Protocol;

/// <summary>
/// Opens one leaf of a trace accumulator against the prefix root of its first <c>n</c> leaves:
/// the sibling path inside the peak that holds the leaf (bottom-up) and all peaks of that prefix
/// (largest first). See <see cref="TraceAccumulator.VerifyOpening"/>.
/// </summary>
/// <param name="Siblings">Siblings from the leaf up to its peak; as many as the peak's height.</param>
/// <param name="Peaks">Every peak of the <c>n</c>-leaf prefix, largest (oldest) first.</param>
public sealed record TraceOpening(IReadOnlyList<Bytes32> Siblings, IReadOnlyList<Bytes32> Peaks);
