using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>What honest re-execution of a receipt's prompt and parameters produced here.</summary>
/// <param name="Tokens">Generated token ids.</param>
/// <param name="TraceRoot">Prefix root of our coarse trace accumulator.</param>
/// <param name="TraceLength">Number of our coarse trace leaves.</param>
/// <param name="Leaves">Our coarse trace leaf hashes in order (<c>Leaves.Count == TraceLength</c>).</param>
public sealed record Reexecution(
    IReadOnlyList<int> Tokens,
    Bytes32 TraceRoot,
    ulong TraceLength,
    IReadOnlyList<Bytes32> Leaves);
