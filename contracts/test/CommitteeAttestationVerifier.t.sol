// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "./base/Test.sol";
import {
    CommitteeAttestationVerifier,
    InvalidCommittee,
    InvalidApprovalAge
} from "../src/CommitteeAttestationVerifier.sol";

contract CommitteeAttestationVerifier_Test is Test {
    CommitteeAttestationVerifier internal verifier;
    uint256[] internal keys;
    address[] internal members;
    address internal constant ENCLAVE = address(0xE1);
    bytes32 internal constant MEASUREMENT = keccak256("image");
    bytes32 internal constant WEIGHTS = keccak256("weights");
    bytes32 internal constant EVIDENCE = keccak256("quote");
    uint64 internal constant NOW = 1_800_000_000;

    function setUp() public {
        // Three members, sorted by address.
        uint256[3] memory candidates = [uint256(0xA11CE), uint256(0xB0B), uint256(0xCA401)];
        for (uint256 i = 0; i < 3; i++) {
            keys.push(candidates[i]);
        }
        for (uint256 i = 0; i < 3; i++) {
            for (uint256 j = i + 1; j < 3; j++) {
                if (vm.addr(keys[j]) < vm.addr(keys[i])) (keys[i], keys[j]) = (keys[j], keys[i]);
            }
        }
        for (uint256 i = 0; i < 3; i++) {
            members.push(vm.addr(keys[i]));
        }
        vm.warp(NOW);
        verifier = new CommitteeAttestationVerifier(address(this), members, 2, 1 days);
    }

    function _sign(uint256 key, uint64 approvedAt) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, verifier.approvalDigest(ENCLAVE, MEASUREMENT, WEIGHTS, EVIDENCE, approvedAt));
        return abi.encodePacked(r, s, v);
    }

    function _evidence(uint256[] memory signerIdx, uint64 approvedAt) internal view returns (bytes memory) {
        bytes[] memory sigs = new bytes[](signerIdx.length);
        for (uint256 i = 0; i < signerIdx.length; i++) {
            sigs[i] = _sign(keys[signerIdx[i]], approvedAt);
        }
        return abi.encode(EVIDENCE, approvedAt, sigs);
    }

    function _idx(uint256 a, uint256 b) internal pure returns (uint256[] memory r) {
        r = new uint256[](2);
        r[0] = a;
        r[1] = b;
    }

    function test_verify_thresholdOfMembers_succeeds() public view {
        vm.assertTrue(verifier.verify(_evidence(_idx(0, 1), NOW - 60), ENCLAVE, MEASUREMENT, WEIGHTS));
        vm.assertTrue(verifier.verify(_evidence(_idx(0, 2), NOW), ENCLAVE, MEASUREMENT, WEIGHTS));
        vm.assertFalse(verifier.INSECURE());
    }

    function test_verify_belowThreshold_fails() public view {
        uint256[] memory one = new uint256[](1);
        one[0] = 1;
        vm.assertFalse(verifier.verify(_evidence(one, NOW), ENCLAVE, MEASUREMENT, WEIGHTS));
    }

    function test_verify_duplicateOrUnorderedSigners_fails() public view {
        vm.assertFalse(verifier.verify(_evidence(_idx(1, 1), NOW), ENCLAVE, MEASUREMENT, WEIGHTS));
        vm.assertFalse(verifier.verify(_evidence(_idx(2, 0), NOW), ENCLAVE, MEASUREMENT, WEIGHTS));
    }

    function test_verify_nonMember_fails() public view {
        bytes[] memory sigs = new bytes[](2);
        sigs[0] = _sign(keys[0], NOW);
        sigs[1] = _sign(0xBAD, NOW);
        if (vm.addr(0xBAD) < members[0]) (sigs[0], sigs[1]) = (sigs[1], sigs[0]);
        vm.assertFalse(verifier.verify(abi.encode(EVIDENCE, NOW, sigs), ENCLAVE, MEASUREMENT, WEIGHTS));
    }

    function test_verify_otherStatement_fails() public view {
        bytes memory evidence = _evidence(_idx(0, 1), NOW);
        vm.assertFalse(verifier.verify(evidence, address(0xE2), MEASUREMENT, WEIGHTS));
        vm.assertFalse(verifier.verify(evidence, ENCLAVE, keccak256("other image"), WEIGHTS));
        vm.assertFalse(verifier.verify(evidence, ENCLAVE, MEASUREMENT, keccak256("cheaper model")));
    }

    function test_verify_staleOrFutureApproval_fails() public view {
        vm.assertFalse(verifier.verify(_evidence(_idx(0, 1), NOW - 1 days - 1), ENCLAVE, MEASUREMENT, WEIGHTS));
        vm.assertTrue(verifier.verify(_evidence(_idx(0, 1), NOW - 1 days), ENCLAVE, MEASUREMENT, WEIGHTS));
        vm.assertFalse(verifier.verify(_evidence(_idx(0, 1), NOW + 1), ENCLAVE, MEASUREMENT, WEIGHTS));
    }

    function test_verify_malformedEvidence_returnsFalse() public view {
        vm.assertFalse(verifier.verify("", ENCLAVE, MEASUREMENT, WEIGHTS));
        vm.assertFalse(verifier.verify(hex"0102", ENCLAVE, MEASUREMENT, WEIGHTS));
        bytes memory evidence = _evidence(_idx(0, 1), NOW);
        bytes memory truncated = new bytes(evidence.length - 40);
        for (uint256 i = 0; i < truncated.length; i++) {
            truncated[i] = evidence[i];
        }
        vm.assertFalse(verifier.verify(truncated, ENCLAVE, MEASUREMENT, WEIGHTS));
    }

    function test_setCommittee_replacesMembers_succeeds() public {
        address[] memory one = new address[](1);
        one[0] = members[2];
        verifier.setCommittee(one, 1);
        vm.assertFalse(verifier.isMember(members[0]));
        vm.assertTrue(verifier.isMember(members[2]));
        uint256[] memory two = new uint256[](1);
        two[0] = 2;
        vm.assertTrue(verifier.verify(_evidence(two, NOW), ENCLAVE, MEASUREMENT, WEIGHTS));
        vm.assertFalse(verifier.verify(_evidence(_idx(0, 1), NOW), ENCLAVE, MEASUREMENT, WEIGHTS));
    }

    function test_setCommittee_invalid_reverts() public {
        address[] memory unordered = new address[](2);
        unordered[0] = members[1];
        unordered[1] = members[0];
        vm.expectRevert(InvalidCommittee.selector);
        verifier.setCommittee(unordered, 1);
        vm.expectRevert(InvalidCommittee.selector);
        verifier.setCommittee(members, 0);
        vm.expectRevert(InvalidCommittee.selector);
        verifier.setCommittee(members, 4);
        vm.expectRevert(InvalidCommittee.selector);
        verifier.setCommittee(new address[](0), 1);
        vm.expectRevert(InvalidApprovalAge.selector);
        verifier.setMaxApprovalAge(0);
    }

    function test_setCommittee_notOwner_reverts() public {
        vm.prank(address(0xBEEF));
        vm.expectRevert();
        verifier.setCommittee(members, 1);
    }
}
