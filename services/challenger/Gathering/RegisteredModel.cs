using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>A model as the L1 model registry records it (the parts the challenger needs).</summary>
/// <param name="ModelId"><c>keccak(utf8(model name))</c>.</param>
/// <param name="WeightsRoot">Keccak Merkle root over the model's weight rows (docs/encodings.md).</param>
public sealed record RegisteredModel(Bytes32 ModelId, Bytes32 WeightsRoot);
