using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Otr.Chain.Artifacts;

namespace Otr.Chain.Contracts;

/// <summary>Typed ABI messages of <c>contracts/src/ModelRegistry.sol</c>.</summary>
public static class ModelRegistryMessages
{
    /// <summary><c>constructor(address initialOwner)</c> with the committed bytecode.</summary>
    public sealed class Deployment() : ContractDeploymentMessage(ContractArtifacts.ModelRegistry.Bytecode)
    {
        /// <summary>Owner (registers models).</summary>
        [Parameter("address", "initialOwner", 1)]
        public string InitialOwner { get; set; } = "";
    }

    /// <summary><c>registerModel(bytes32 modelId, bytes32 weightsRoot, bytes32 tokenizerDigest, string profile, uint256 pricePerToken)</c>.</summary>
    [Function("registerModel")]
    public sealed class RegisterModelFunction : FunctionMessage
    {
        /// <summary>keccak256 of the model name.</summary>
        [Parameter("bytes32", "modelId", 1)]
        public byte[] ModelId { get; set; } = new byte[32];

        /// <summary>Merkle root over the weight rows.</summary>
        [Parameter("bytes32", "weightsRoot", 2)]
        public byte[] WeightsRoot { get; set; } = new byte[32];

        /// <summary>keccak256 of the tokenizer definition.</summary>
        [Parameter("bytes32", "tokenizerDigest", 3)]
        public byte[] TokenizerDigest { get; set; } = new byte[32];

        /// <summary>Execution profile.</summary>
        [Parameter("string", "profile", 4)]
        public string Profile { get; set; } = "";

        /// <summary>Price in wei per generated token.</summary>
        [Parameter("uint256", "pricePerToken", 5)]
        public BigInteger PricePerToken { get; set; }
    }

    /// <summary><c>isRegistered(bytes32) view returns (bool)</c>.</summary>
    [Function("isRegistered", "bool")]
    public sealed class IsRegisteredFunction : FunctionMessage
    {
        /// <summary>The model id.</summary>
        [Parameter("bytes32", "modelId", 1)]
        public byte[] ModelId { get; set; } = new byte[32];
    }

    /// <summary><c>getModel(bytes32) view returns (Model)</c>.</summary>
    [Function("getModel", typeof(GetModelOutput))]
    public sealed class GetModelFunction : FunctionMessage
    {
        /// <summary>The model id.</summary>
        [Parameter("bytes32", "modelId", 1)]
        public byte[] ModelId { get; set; } = new byte[32];
    }

    /// <summary>Output of <see cref="GetModelFunction"/>: the <c>Model</c> struct.</summary>
    [FunctionOutput]
    public sealed class GetModelOutput : IFunctionOutputDTO
    {
        /// <summary>The model.</summary>
        [Parameter("tuple", "", 1)]
        public ModelTuple Model { get; set; } = new();
    }

    /// <summary>ABI form of <c>ModelRegistry.Model</c>.</summary>
    public sealed class ModelTuple
    {
        /// <summary>Weights root.</summary>
        [Parameter("bytes32", "weightsRoot", 1)]
        public byte[] WeightsRoot { get; set; } = new byte[32];

        /// <summary>Tokenizer digest.</summary>
        [Parameter("bytes32", "tokenizerDigest", 2)]
        public byte[] TokenizerDigest { get; set; } = new byte[32];

        /// <summary>Price in wei per generated token.</summary>
        [Parameter("uint256", "pricePerToken", 3)]
        public BigInteger PricePerToken { get; set; }

        /// <summary>Block timestamp of the registration.</summary>
        [Parameter("uint64", "registeredAt", 4)]
        public ulong RegisteredAt { get; set; }

        /// <summary>Execution profile.</summary>
        [Parameter("string", "profile", 5)]
        public string Profile { get; set; } = "";
    }

    /// <summary><c>modelCount() view returns (uint256)</c>.</summary>
    [Function("modelCount", "uint256")]
    public sealed class ModelCountFunction : FunctionMessage;

    /// <summary><c>modelIdAt(uint256) view returns (bytes32)</c>.</summary>
    [Function("modelIdAt", "bytes32")]
    public sealed class ModelIdAtFunction : FunctionMessage
    {
        /// <summary>Zero-based registration index.</summary>
        [Parameter("uint256", "index", 1)]
        public BigInteger Index { get; set; }
    }

    /// <summary><c>event ModelRegistered(bytes32 indexed modelId, bytes32 weightsRoot, bytes32 tokenizerDigest, string profile, uint256 pricePerToken)</c>.</summary>
    [Event("ModelRegistered")]
    public sealed class ModelRegisteredEvent : IEventDTO
    {
        /// <summary>The model id.</summary>
        [Parameter("bytes32", "modelId", 1, true)]
        public byte[] ModelId { get; set; } = new byte[32];

        /// <summary>Weights root.</summary>
        [Parameter("bytes32", "weightsRoot", 2, false)]
        public byte[] WeightsRoot { get; set; } = new byte[32];

        /// <summary>Tokenizer digest.</summary>
        [Parameter("bytes32", "tokenizerDigest", 3, false)]
        public byte[] TokenizerDigest { get; set; } = new byte[32];

        /// <summary>Execution profile.</summary>
        [Parameter("string", "profile", 4, false)]
        public string Profile { get; set; } = "";

        /// <summary>Price in wei per generated token.</summary>
        [Parameter("uint256", "pricePerToken", 5, false)]
        public BigInteger PricePerToken { get; set; }
    }
}
