// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IAttestationVerifier} from "./IAttestationVerifier.sol";
import {InvalidApprovalAge, InvalidCommittee} from "./Errors.sol";

/// @title CommitteeAttestationVerifier
/// @notice Full DCAP (Intel TDX/SGX) and AMD SEV-SNP verification — certificate chains to the vendor roots, CRLs,
///         TCB status from collateral — is too heavy for L1, so a committee of independent verifiers does it off
///         chain (Otr.Attestation) and signs what it established: "enclave key K runs in genuine hardware measured
///         as M, its report data binds the weights root W, the evidence has hash H, checked at time T". Registration
///         is accepted when at least `threshold` distinct members signed the same approval recently enough.
///         Trust: any `threshold` members together can register any key; fewer cannot. Members are set by the
///         owner (a governance multisig in production).
/// @dev Evidence = abi.encode(bytes32 evidenceHash, uint64 approvedAt, bytes[] signatures): 65-byte secp256k1
///      signatures (r ‖ s ‖ v, low s) over the EIP-712 digest of
///      AttestationApproval(address enclaveKey,bytes32 measurement,bytes32 weightsRoot,bytes32 evidenceHash,uint64 approvedAt)
///      under the domain ("OTR Attestation Committee", "1", chainId, this contract), ordered by signer address
///      ascending so duplicates are rejected without storage.
contract CommitteeAttestationVerifier is IAttestationVerifier, Ownable, EIP712 {
    /// @notice This verifier is meant for networks where stake has value.
    bool public constant INSECURE = false;

    /// @notice EIP-712 type hash of an approval.
    bytes32 public constant APPROVAL_TYPEHASH = keccak256(
        "AttestationApproval(address enclaveKey,bytes32 measurement,bytes32 weightsRoot,bytes32 evidenceHash,uint64 approvedAt)"
    );

    /// @notice Current members, ascending.
    address[] private _members;

    /// @notice Whether an address is a member.
    mapping(address => bool) public isMember;

    /// @notice Distinct member signatures a registration needs.
    uint256 public threshold;

    /// @notice Largest age, in seconds, of an approval at registration time.
    uint64 public maxApprovalAge;

    /// @notice Emitted when the committee changes.
    event CommitteeSet(address[] members, uint256 threshold);

    /// @notice Emitted when the approval age bound changes.
    event MaxApprovalAgeSet(uint64 maxApprovalAge);

    /// @param owner_ The account that manages the committee.
    /// @param members_ Initial members, strictly ascending.
    /// @param threshold_ Signatures needed, 1 ≤ threshold ≤ members.
    /// @param maxApprovalAge_ Seconds an approval stays usable; positive.
    constructor(address owner_, address[] memory members_, uint256 threshold_, uint64 maxApprovalAge_)
        Ownable(owner_)
        EIP712("OTR Attestation Committee", "1")
    {
        _setCommittee(members_, threshold_);
        _setMaxApprovalAge(maxApprovalAge_);
    }

    /// @notice Replaces the committee.
    function setCommittee(address[] calldata members_, uint256 threshold_) external onlyOwner {
        _setCommittee(members_, threshold_);
    }

    /// @notice Changes how old an approval may be.
    function setMaxApprovalAge(uint64 maxApprovalAge_) external onlyOwner {
        _setMaxApprovalAge(maxApprovalAge_);
    }

    /// @notice The members, ascending.
    function members() external view returns (address[] memory) {
        return _members;
    }

    /// @notice The EIP-712 domain separator approvals are signed under.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice The digest members sign for one approval.
    function approvalDigest(
        address enclaveKey,
        bytes32 measurement,
        bytes32 weightsRoot,
        bytes32 evidenceHash,
        uint64 approvedAt
    ) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(APPROVAL_TYPEHASH, enclaveKey, measurement, weightsRoot, evidenceHash, approvedAt))
        );
    }

    /// @notice Decodes evidence; external so `verify` can treat malformed evidence as false instead of reverting.
    function decodeEvidence(bytes calldata evidence)
        external
        pure
        returns (bytes32 evidenceHash, uint64 approvedAt, bytes[] memory signatures)
    {
        return abi.decode(evidence, (bytes32, uint64, bytes[]));
    }

    /// @inheritdoc IAttestationVerifier
    /// @dev Never reverts: malformed evidence, stale or future approvals, non-members, unordered or duplicate
    ///      signers and too few signatures all give false.
    function verify(bytes calldata evidence, address enclaveKey, bytes32 measurement, bytes32 weightsRoot)
        external
        view
        returns (bool)
    {
        bytes32 evidenceHash;
        uint64 approvedAt;
        bytes[] memory signatures;
        try this.decodeEvidence(evidence) returns (bytes32 h, uint64 t, bytes[] memory s) {
            (evidenceHash, approvedAt, signatures) = (h, t, s);
        } catch {
            return false;
        }
        if (approvedAt > block.timestamp || block.timestamp - approvedAt > maxApprovalAge) return false;
        if (signatures.length < threshold) return false;
        bytes32 digest = approvalDigest(enclaveKey, measurement, weightsRoot, evidenceHash, approvedAt);
        address previous;
        uint256 valid;
        for (uint256 i = 0; i < signatures.length; i++) {
            (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, signatures[i]);
            if (err != ECDSA.RecoverError.NoError || signer <= previous || !isMember[signer]) return false;
            previous = signer;
            valid++;
        }
        return valid >= threshold;
    }

    function _setCommittee(address[] memory members_, uint256 threshold_) private {
        if (members_.length == 0 || threshold_ == 0 || threshold_ > members_.length) revert InvalidCommittee();
        for (uint256 i = 0; i < _members.length; i++) {
            isMember[_members[i]] = false;
        }
        address previous;
        for (uint256 i = 0; i < members_.length; i++) {
            if (members_[i] <= previous) revert InvalidCommittee();
            isMember[members_[i]] = true;
            previous = members_[i];
        }
        _members = members_;
        threshold = threshold_;
        emit CommitteeSet(members_, threshold_);
    }

    function _setMaxApprovalAge(uint64 maxApprovalAge_) private {
        if (maxApprovalAge_ == 0) revert InvalidApprovalAge();
        maxApprovalAge = maxApprovalAge_;
        emit MaxApprovalAgeSet(maxApprovalAge_);
    }
}
