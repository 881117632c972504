using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Otr.Chain.Artifacts;

namespace Otr.Chain.Contracts;

/// <summary>Typed ABI messages of <c>contracts/src/ExecutorRegistry.sol</c>.</summary>
public static class ExecutorRegistryMessages
{
    /// <summary><c>constructor(address initialOwner, ModelRegistry models_, IAttestationVerifier verifier_, uint256 minStake_)</c> with the committed bytecode.</summary>
    public sealed class Deployment() : ContractDeploymentMessage(ContractArtifacts.ExecutorRegistry.Bytecode)
    {
        /// <summary>Owner (manages the measurement allow-list).</summary>
        [Parameter("address", "initialOwner", 1)]
        public string InitialOwner { get; set; } = "";

        /// <summary>The model registry.</summary>
        [Parameter("address", "models_", 2)]
        public string Models { get; set; } = "";

        /// <summary>The attestation verifier.</summary>
        [Parameter("address", "verifier_", 3)]
        public string Verifier { get; set; } = "";

        /// <summary>Minimum stake in wei.</summary>
        [Parameter("uint256", "minStake_", 4)]
        public BigInteger MinStake { get; set; }
    }

    /// <summary><c>setMeasurementAllowed(bytes32 measurement, bool allowed)</c>.</summary>
    [Function("setMeasurementAllowed")]
    public sealed class SetMeasurementAllowedFunction : FunctionMessage
    {
        /// <summary>The measurement.</summary>
        [Parameter("bytes32", "measurement", 1)]
        public byte[] Measurement { get; set; } = new byte[32];

        /// <summary>Whether it is allowed.</summary>
        [Parameter("bool", "allowed", 2)]
        public bool Allowed { get; set; }
    }

    /// <summary><c>register(address enclaveKey, bytes32 modelId, bytes32 measurement, bytes evidence) payable</c>; the stake is <c>AmountToSend</c>.</summary>
    [Function("register")]
    public sealed class RegisterFunction : FunctionMessage
    {
        /// <summary>The enclave key's address.</summary>
        [Parameter("address", "enclaveKey", 1)]
        public string EnclaveKey { get; set; } = "";

        /// <summary>The model it serves.</summary>
        [Parameter("bytes32", "modelId", 2)]
        public byte[] ModelId { get; set; } = new byte[32];

        /// <summary>The executor image measurement.</summary>
        [Parameter("bytes32", "measurement", 3)]
        public byte[] Measurement { get; set; } = new byte[32];

        /// <summary>Attestation evidence.</summary>
        [Parameter("bytes", "evidence", 4)]
        public byte[] Evidence { get; set; } = [];
    }

    /// <summary><c>addStake(address enclaveKey) payable</c>.</summary>
    [Function("addStake")]
    public sealed class AddStakeFunction : FunctionMessage
    {
        /// <summary>The enclave key.</summary>
        [Parameter("address", "enclaveKey", 1)]
        public string EnclaveKey { get; set; } = "";
    }

    /// <summary><c>isRegistered(address, bytes32) view returns (bool)</c>.</summary>
    [Function("isRegistered", "bool")]
    public sealed class IsRegisteredFunction : FunctionMessage
    {
        /// <summary>The enclave key.</summary>
        [Parameter("address", "enclaveKey", 1)]
        public string EnclaveKey { get; set; } = "";

        /// <summary>The model id.</summary>
        [Parameter("bytes32", "modelId", 2)]
        public byte[] ModelId { get; set; } = new byte[32];
    }

    /// <summary><c>registrationOf(address) view returns (Registration)</c>.</summary>
    [Function("registrationOf", typeof(RegistrationOfOutput))]
    public sealed class RegistrationOfFunction : FunctionMessage
    {
        /// <summary>The enclave key.</summary>
        [Parameter("address", "enclaveKey", 1)]
        public string EnclaveKey { get; set; } = "";
    }

    /// <summary>Output of <see cref="RegistrationOfFunction"/>.</summary>
    [FunctionOutput]
    public sealed class RegistrationOfOutput : IFunctionOutputDTO
    {
        /// <summary>The registration.</summary>
        [Parameter("tuple", "", 1)]
        public RegistrationTuple Registration { get; set; } = new();
    }

    /// <summary>ABI form of <c>ExecutorRegistry.Registration</c>.</summary>
    public sealed class RegistrationTuple
    {
        /// <summary>Operator.</summary>
        [Parameter("address", "operator", 1)]
        public string Operator { get; set; } = "";

        /// <summary>Block timestamp of the registration; 0 when none.</summary>
        [Parameter("uint64", "registeredAt", 2)]
        public ulong RegisteredAt { get; set; }

        /// <summary>Model id.</summary>
        [Parameter("bytes32", "modelId", 3)]
        public byte[] ModelId { get; set; } = new byte[32];

        /// <summary>Measurement.</summary>
        [Parameter("bytes32", "measurement", 4)]
        public byte[] Measurement { get; set; } = new byte[32];

        /// <summary>Stake in wei.</summary>
        [Parameter("uint256", "stake", 5)]
        public BigInteger Stake { get; set; }
    }

    /// <summary><c>allowedMeasurement(bytes32) view returns (bool)</c>.</summary>
    [Function("allowedMeasurement", "bool")]
    public sealed class AllowedMeasurementFunction : FunctionMessage
    {
        /// <summary>The measurement.</summary>
        [Parameter("bytes32", "measurement", 1)]
        public byte[] Measurement { get; set; } = new byte[32];
    }

    /// <summary><c>setDisputeGame(address)</c> (owner only).</summary>
    [Function("setDisputeGame")]
    public sealed class SetDisputeGameFunction : FunctionMessage
    {
        /// <summary>The dispute game.</summary>
        [Parameter("address", "disputeGame_", 1)]
        public string DisputeGame { get; set; } = "";
    }

    /// <summary><c>disputeGame() view returns (address)</c>.</summary>
    [Function("disputeGame", "address")]
    public sealed class DisputeGameFunction : FunctionMessage;

    /// <summary><c>minStake() view returns (uint256)</c>.</summary>
    [Function("minStake", "uint256")]
    public sealed class MinStakeFunction : FunctionMessage;

    /// <summary><c>totalStaked() view returns (uint256)</c>.</summary>
    [Function("totalStaked", "uint256")]
    public sealed class TotalStakedFunction : FunctionMessage;

    /// <summary><c>models() view returns (address)</c>.</summary>
    [Function("models", "address")]
    public sealed class ModelsFunction : FunctionMessage;

    /// <summary><c>verifier() view returns (address)</c>.</summary>
    [Function("verifier", "address")]
    public sealed class VerifierFunction : FunctionMessage;

    /// <summary><c>event ExecutorRegistered(address indexed enclaveKey, bytes32 indexed modelId, address indexed operator, bytes32 measurement, uint256 stake)</c>.</summary>
    [Event("ExecutorRegistered")]
    public sealed class ExecutorRegisteredEvent : IEventDTO
    {
        /// <summary>The enclave key.</summary>
        [Parameter("address", "enclaveKey", 1, true)]
        public string EnclaveKey { get; set; } = "";

        /// <summary>The model.</summary>
        [Parameter("bytes32", "modelId", 2, true)]
        public byte[] ModelId { get; set; } = new byte[32];

        /// <summary>The operator.</summary>
        [Parameter("address", "operator", 3, true)]
        public string Operator { get; set; } = "";

        /// <summary>The measurement.</summary>
        [Parameter("bytes32", "measurement", 4, false)]
        public byte[] Measurement { get; set; } = new byte[32];

        /// <summary>Stake in wei.</summary>
        [Parameter("uint256", "stake", 5, false)]
        public BigInteger Stake { get; set; }
    }
}
