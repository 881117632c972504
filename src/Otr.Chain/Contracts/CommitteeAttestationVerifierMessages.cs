using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Otr.Chain.Artifacts;

namespace Otr.Chain.Contracts;

/// <summary>Typed ABI messages of <c>contracts/src/CommitteeAttestationVerifier.sol</c>.</summary>
public static class CommitteeAttestationVerifierMessages
{
    /// <summary><c>constructor(address owner_, address[] members_, uint256 threshold_, uint64 maxApprovalAge_)</c>.</summary>
    public sealed class Deployment() : ContractDeploymentMessage(ContractArtifacts.CommitteeAttestationVerifier.Bytecode)
    {
        /// <summary>The account that manages the committee.</summary>
        [Parameter("address", "owner_", 1)]
        public string Owner { get; set; } = "";

        /// <summary>Members, strictly ascending.</summary>
        [Parameter("address[]", "members_", 2)]
        public List<string> Members { get; set; } = [];

        /// <summary>Signatures a registration needs.</summary>
        [Parameter("uint256", "threshold_", 3)]
        public BigInteger Threshold { get; set; }

        /// <summary>Seconds an approval stays usable.</summary>
        [Parameter("uint64", "maxApprovalAge_", 4)]
        public ulong MaxApprovalAge { get; set; }
    }

    /// <summary><c>approvalDigest(address, bytes32, bytes32, bytes32, uint64) view returns (bytes32)</c>.</summary>
    [Function("approvalDigest", "bytes32")]
    public sealed class ApprovalDigestFunction : FunctionMessage
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

        /// <summary>keccak of the hardware evidence.</summary>
        [Parameter("bytes32", "evidenceHash", 4)]
        public byte[] EvidenceHash { get; set; } = new byte[32];

        /// <summary>Unix seconds of the approval.</summary>
        [Parameter("uint64", "approvedAt", 5)]
        public ulong ApprovedAt { get; set; }
    }
}
