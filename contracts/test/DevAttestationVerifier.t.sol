// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {OtrTestBase} from "./base/OtrTestBase.sol";
import {DevAttestationVerifier} from "../src/DevAttestationVerifier.sol";
import {ZeroAddress} from "../src/Errors.sol";

contract DevAttestationVerifier_Test is OtrTestBase {
    function test_constructor_zeroRootKey_reverts() public {
        vm.expectRevert(ZeroAddress.selector);
        new DevAttestationVerifier(address(0));
    }

    function test_constructor_flagsInsecure_succeeds() public view {
        vm.assertTrue(verifier.INSECURE());
        vm.assertEq(verifier.devRootKey(), vm.addr(devRootPk));
    }

    function test_attestationDigest_matchesSpec_succeeds() public view {
        bytes32 expected = keccak256(abi.encode("OTR-DEV-ATTESTATION", enclave, MEASUREMENT, WEIGHTS_ROOT));
        vm.assertEq(verifier.attestationDigest(enclave, MEASUREMENT, WEIGHTS_ROOT), expected);
    }

    function test_verify_rootKeySignature_succeeds() public view {
        bytes memory evidence = devEvidence(enclave, MEASUREMENT, WEIGHTS_ROOT);
        vm.assertTrue(verifier.verify(evidence, enclave, MEASUREMENT, WEIGHTS_ROOT));
    }

    function test_verify_otherSigner_succeeds() public view {
        bytes memory evidence =
            signDigest(privateKeyOf("not-root"), verifier.attestationDigest(enclave, MEASUREMENT, WEIGHTS_ROOT));
        vm.assertFalse(verifier.verify(evidence, enclave, MEASUREMENT, WEIGHTS_ROOT));
    }

    function test_verify_boundFieldsDiffer_succeeds() public view {
        bytes memory evidence = devEvidence(enclave, MEASUREMENT, WEIGHTS_ROOT);
        vm.assertFalse(verifier.verify(evidence, stranger, MEASUREMENT, WEIGHTS_ROOT), "other key");
        vm.assertFalse(verifier.verify(evidence, enclave, bytes32(uint256(1)), WEIGHTS_ROOT), "other measurement");
        vm.assertFalse(verifier.verify(evidence, enclave, MEASUREMENT, bytes32(uint256(1))), "other weights");
    }

    function test_verify_malformedEvidence_succeeds() public view {
        bytes memory evidence = devEvidence(enclave, MEASUREMENT, WEIGHTS_ROOT);
        vm.assertFalse(verifier.verify(hex"", enclave, MEASUREMENT, WEIGHTS_ROOT), "empty");
        bytes memory short = new bytes(64);
        for (uint256 i = 0; i < 64; i++) {
            short[i] = evidence[i];
        }
        vm.assertFalse(verifier.verify(short, enclave, MEASUREMENT, WEIGHTS_ROOT), "64 bytes");
        evidence[64] = bytes1(uint8(29));
        vm.assertFalse(verifier.verify(evidence, enclave, MEASUREMENT, WEIGHTS_ROOT), "bad v");
    }
}
