namespace Otr.Protocol;

/// <summary>Proves that a receipt digest is the <paramref name="Index"/>-th receipt of a batch.</summary>
/// <param name="Index">Position of the receipt in the batch (0-based).</param>
/// <param name="Siblings">Siblings from the batch leaf up to the root.</param>
public sealed record BatchInclusionProof(int Index, IReadOnlyList<Bytes32> Siblings);
