namespace Otr.Attestation.Nvidia;

/// <summary>One SPDM measurement block in the DMTF format.</summary>
/// <param name="Index">The block index (1-based on NVIDIA GPUs; RIM index i is block i + 1).</param>
/// <param name="Specification">MeasurementSpecification (bit 0 = DMTF).</param>
/// <param name="ValueType">DMTFSpecMeasurementValueType.</param>
/// <param name="Value">The measurement value (a 48-byte SHA-384 digest on H100).</param>
public sealed record SpdmMeasurementBlock(byte Index, byte Specification, byte ValueType, byte[] Value);
