using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Otr.Chain.Contracts;

/// <summary>Typed ABI messages of <c>contracts/src/IAttestationVerifier.sol</c>, which every attestation verifier implements.</summary>
public static class AttestationVerifierMessages
{
    /// <summary><c>verify(bytes evidence, address enclaveKey, bytes32 measurement, bytes32 weightsRoot) view returns (bool)</c>.</summary>
    [Function("verify", "bool")]
    public sealed class VerifyFunction : FunctionMessage
    {
        /// <summary>Implementation-specific evidence (dev: a 65-byte dev-root signature; committee: encoded approvals).</summary>
        [Parameter("bytes", "evidence", 1)]
        public byte[] Evidence { get; set; } = [];

        /// <summary>The enclave key.</summary>
        [Parameter("address", "enclaveKey", 2)]
        public string EnclaveKey { get; set; } = "";

        /// <summary>The measurement.</summary>
        [Parameter("bytes32", "measurement", 3)]
        public byte[] Measurement { get; set; } = new byte[32];

        /// <summary>The weights root.</summary>
        [Parameter("bytes32", "weightsRoot", 4)]
        public byte[] WeightsRoot { get; set; } = new byte[32];
    }
}
