using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Otr.Chain.Artifacts;

namespace Otr.Chain.Contracts;

/// <summary>Typed ABI messages of <c>contracts/src/DevAttestationVerifier.sol</c> (INSECURE, development only).</summary>
public static class DevAttestationVerifierMessages
{
    /// <summary><c>constructor(address devRootKey_)</c> with the committed bytecode.</summary>
    public sealed class Deployment() : ContractDeploymentMessage(ContractArtifacts.DevAttestationVerifier.Bytecode)
    {
        /// <summary>Address of the dev root key.</summary>
        [Parameter("address", "devRootKey_", 1)]
        public string DevRootKey { get; set; } = "";
    }

    /// <summary><c>attestationDigest(address, bytes32, bytes32) pure returns (bytes32)</c>.</summary>
    [Function("attestationDigest", "bytes32")]
    public sealed class AttestationDigestFunction : FunctionMessage
    {
        /// <summary>The enclave key.</summary>
        [Parameter("address", "enclaveKey", 1)]
        public string EnclaveKey { get; set; } = "";

        /// <summary>The measurement.</summary>
        [Parameter("bytes32", "measurement", 2)]
        public byte[] Measurement { get; set; } = new byte[32];

        /// <summary>The weights root.</summary>
        [Parameter("bytes32", "weightsRoot", 3)]
        public byte[] WeightsRoot { get; set; } = new byte[32];
    }

    /// <summary><c>devRootKey() view returns (address)</c>.</summary>
    [Function("devRootKey", "address")]
    public sealed class DevRootKeyFunction : FunctionMessage;

    /// <summary><c>INSECURE() view returns (bool)</c>.</summary>
    [Function("INSECURE", "bool")]
    public sealed class InsecureFunction : FunctionMessage;
}
