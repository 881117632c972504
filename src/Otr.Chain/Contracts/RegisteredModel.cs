using System.Numerics;
using Otr.Protocol;

namespace Otr.Chain.Contracts;

/// <summary>A model as <c>ModelRegistry.getModel</c> returns it.</summary>
/// <param name="ModelId">keccak256 of the model name.</param>
/// <param name="WeightsRoot">Merkle root over the weight rows.</param>
/// <param name="TokenizerDigest">keccak256 of the tokenizer definition.</param>
/// <param name="Profile">Execution profile, e.g. <c>q8-exact</c>.</param>
/// <param name="PricePerToken">Price in wei per generated token.</param>
/// <param name="RegisteredAt">Block timestamp (unix seconds) of the registration.</param>
public sealed record RegisteredModel(Bytes32 ModelId, Bytes32 WeightsRoot, Bytes32 TokenizerDigest, string Profile, BigInteger PricePerToken, ulong RegisteredAt);
