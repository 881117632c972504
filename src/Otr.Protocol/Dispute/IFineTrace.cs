namespace Otr.Protocol.Dispute;

/// <summary>Our fine trace of one coarse step: its leaves under the trace accumulator rule (the last leaf is the coarse leaf).</summary>
public interface IFineTrace
{
    /// <summary>Number of fine leaves m.</summary>
    ulong Length { get; }

    /// <summary>Prefix root of the first <paramref name="n"/> fine leaves (n ≤ <see cref="Length"/>).</summary>
    Bytes32 Root(ulong n);

    /// <summary>Peaks of the first <paramref name="n"/> fine leaves, largest first.</summary>
    IReadOnlyList<Bytes32> Peaks(ulong n);

    /// <summary>Fine leaf <paramref name="index"/>.</summary>
    Bytes32 Leaf(ulong index);
}
