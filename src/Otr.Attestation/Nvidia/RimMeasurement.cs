namespace Otr.Attestation.Nvidia;

/// <summary>One reference measurement of a RIM (a SWID <c>Resource</c> of type Measurement).</summary>
/// <param name="Index">The RIM index (0-based; it is SPDM block <c>Index + 1</c>).</param>
/// <param name="Name">The resource name, for example <c>HashedMeasurement_1_FSP</c>.</param>
/// <param name="Active">Only active measurements are compared.</param>
/// <param name="Size">The digest size in bytes.</param>
/// <param name="Alternatives">Every acceptable value (<c>Hash0</c>, <c>Hash1</c>, ...).</param>
public sealed record RimMeasurement(int Index, string Name, bool Active, int Size, IReadOnlyList<byte[]> Alternatives);
