namespace Otr.Protocol.Dispute;

/// <summary>An emit leaf of a coarse trace: leaf <paramref name="LeafIndex"/> is <c>uint32(t) ‖ uint32(L+1) ‖ uint32(token)</c>.</summary>
/// <param name="LeafIndex">Its index in the coarse trace.</param>
/// <param name="Position">The position t that emitted.</param>
/// <param name="Step">The step L+1.</param>
/// <param name="Token">The computed token.</param>
public sealed record TraceEmit(ulong LeafIndex, uint Position, uint Step, uint Token);
