// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {OtrTestBase} from "./base/OtrTestBase.sol";
import {MerkleRef} from "./base/MerkleRef.sol";
import {
    ChallengeWindowClosed,
    DisputeExists,
    InvalidSignature,
    NoOpenDispute,
    ReceiptNotInBatch
} from "../src/Errors.sol";
import {Receipt, ReceiptStatus} from "../src/Types.sol";

/// Receipt hashing and signatures, batch inclusion and receipt status.
contract OtrRollupReceipts_Test is OtrTestBase {
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    function manualDigest(Receipt memory r) internal view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("OTR"),
                keccak256("1"),
                block.chainid,
                address(rollup)
            )
        );
        bytes32 typeHash = keccak256(
            "Receipt(bytes32 requestId,bytes32 modelId,bytes32 promptHash,bytes32 paramsHash,bytes32 outputHash,bytes32 traceRoot,uint64 traceLength,address executor,uint64 nonce,uint64 issuedAt)"
        );
        bytes memory fields =
            abi.encode(r.requestId, r.modelId, r.promptHash, r.paramsHash, r.outputHash, r.traceRoot, r.traceLength);
        bytes32 structHash = keccak256(abi.encodePacked(typeHash, fields, abi.encode(r.executor, r.nonce, r.issuedAt)));
        return keccak256(abi.encodePacked(hex"1901", domain, structHash));
    }

    function digestsOf(uint256 n) internal view returns (bytes32[] memory d) {
        d = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) {
            d[i] = rollup.hashReceipt(sampleReceipt(i));
        }
    }

    function post(bytes32[] memory digests) internal returns (uint64 index) {
        index = rollup.nextBatchIndex();
        vm.prank(sequencer);
        rollup.submitBatch(index, MerkleRef.root(MerkleRef.leaves(digests)), uint32(digests.length), bytes32(0));
    }

    // ------------------------------------------------------------ hashing and signatures

    function test_hashReceipt_matchesEip712_succeeds() public view {
        for (uint256 i = 0; i < 4; i++) {
            Receipt memory r = sampleReceipt(i);
            vm.assertEq(rollup.hashReceipt(r), manualDigest(r));
        }
        vm.assertEq(
            rollup.RECEIPT_TYPEHASH(),
            keccak256(
                "Receipt(bytes32 requestId,bytes32 modelId,bytes32 promptHash,bytes32 paramsHash,bytes32 outputHash,bytes32 traceRoot,uint64 traceLength,address executor,uint64 nonce,uint64 issuedAt)"
            )
        );
    }

    function test_hashReceipt_eachFieldMatters_succeeds() public view {
        Receipt memory r = sampleReceipt(1);
        bytes32 d = rollup.hashReceipt(r);
        Receipt memory c = sampleReceipt(1);
        c.traceLength += 1;
        vm.assertNotEq(rollup.hashReceipt(c), d);
        c = sampleReceipt(1);
        c.executor = stranger;
        vm.assertNotEq(rollup.hashReceipt(c), d);
        c = sampleReceipt(1);
        c.issuedAt += 1;
        vm.assertNotEq(rollup.hashReceipt(c), d);
    }

    function test_hashReceipt_otherChain_succeeds() public {
        Receipt memory r = sampleReceipt(1);
        bytes32 d = rollup.hashReceipt(r);
        vm.chainId(block.chainid + 1);
        vm.assertNotEq(rollup.hashReceipt(r), d);
        vm.assertEq(rollup.hashReceipt(r), manualDigest(r));
    }

    function test_recoverSigner_enclaveSignature_succeeds() public view {
        Receipt memory r = sampleReceipt(2);
        bytes memory sig = signDigest(enclavePk, rollup.hashReceipt(r));
        vm.assertEq(rollup.recoverSigner(r, sig), enclave);
    }

    function test_recoverSigner_wrongLength_reverts() public {
        Receipt memory r = sampleReceipt(2);
        vm.expectRevert(InvalidSignature.selector);
        rollup.recoverSigner(r, new bytes(64));
    }

    function test_recoverSigner_highS_reverts() public {
        Receipt memory r = sampleReceipt(2);
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(enclavePk, rollup.hashReceipt(r));
        bytes memory malleated =
            abi.encodePacked(rr, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(InvalidSignature.selector);
        rollup.recoverSigner(r, malleated);
    }

    function test_recoverSigner_badV_reverts() public {
        Receipt memory r = sampleReceipt(2);
        bytes memory sig = signDigest(enclavePk, rollup.hashReceipt(r));
        sig[64] = bytes1(uint8(1));
        vm.expectRevert(InvalidSignature.selector);
        rollup.recoverSigner(r, sig);
    }

    function test_verifyReceipt_registeredExecutor_succeeds() public {
        registerEnclave(enclave);
        Receipt memory r = sampleReceipt(3);
        vm.assertTrue(rollup.verifyReceipt(r, signDigest(enclavePk, rollup.hashReceipt(r)), executors));
    }

    function test_verifyReceipt_unregisteredExecutor_succeeds() public view {
        Receipt memory r = sampleReceipt(3);
        vm.assertFalse(rollup.verifyReceipt(r, signDigest(enclavePk, rollup.hashReceipt(r)), executors));
    }

    function test_verifyReceipt_signerIsNotExecutor_succeeds() public {
        registerEnclave(enclave);
        uint256 otherPk = privateKeyOf("enclave-2");
        registerEnclave(vm.addr(otherPk));
        Receipt memory r = sampleReceipt(3); // names `enclave` as executor
        vm.assertFalse(rollup.verifyReceipt(r, signDigest(otherPk, rollup.hashReceipt(r)), executors));
    }

    function test_verifyReceipt_otherModel_succeeds() public {
        registerEnclave(enclave);
        Receipt memory r = sampleReceipt(3);
        r.modelId = keccak256("otr-expensive");
        vm.assertFalse(rollup.verifyReceipt(r, signDigest(enclavePk, rollup.hashReceipt(r)), executors));
    }

    function test_verifyReceipt_malformedSignature_succeeds() public {
        registerEnclave(enclave);
        vm.assertFalse(rollup.verifyReceipt(sampleReceipt(3), new bytes(65), executors));
        vm.assertFalse(rollup.verifyReceipt(sampleReceipt(3), hex"01", executors));
    }

    // ------------------------------------------------------------ inclusion and status

    function test_batchLeaf_tagsDigest_succeeds() public view {
        bytes32 d = keccak256("digest");
        vm.assertEq(rollup.batchLeaf(d), keccak256(abi.encodePacked(bytes1(0x00), d)));
    }

    function test_verifyInclusion_everyIndex_succeeds() public {
        for (uint256 n = 1; n <= 9; n++) {
            bytes32[] memory digests = digestsOf(n);
            uint64 b = post(digests);
            bytes32[] memory leaves = MerkleRef.leaves(digests);
            for (uint256 i = 0; i < n; i++) {
                vm.assertTrue(rollup.verifyInclusion(b, digests[i], i, MerkleRef.proof(leaves, i)));
            }
        }
    }

    function test_verifyInclusion_tamperedProof_succeeds() public {
        bytes32[] memory digests = digestsOf(5);
        uint64 b = post(digests);
        bytes32[] memory proof = MerkleRef.proof(MerkleRef.leaves(digests), 2);
        proof[1] = bytes32(uint256(proof[1]) ^ 1);
        vm.assertFalse(rollup.verifyInclusion(b, digests[2], 2, proof));
    }

    function test_verifyInclusion_wrongIndexOrDigest_succeeds() public {
        bytes32[] memory digests = digestsOf(5);
        uint64 b = post(digests);
        bytes32[] memory proof = MerkleRef.proof(MerkleRef.leaves(digests), 2);
        vm.assertFalse(rollup.verifyInclusion(b, digests[2], 3, proof), "wrong index");
        vm.assertFalse(rollup.verifyInclusion(b, digests[3], 2, proof), "wrong digest");
        vm.assertFalse(rollup.verifyInclusion(b + 1, digests[2], 2, proof), "unknown batch");
    }

    /// The padding leaves past `count` and over-long or short proofs never verify.
    function test_verifyInclusion_beyondCountOrBadLength_succeeds() public {
        bytes32[] memory digests = digestsOf(5);
        uint64 b = post(digests);
        bytes32[] memory proof = MerkleRef.proof(MerkleRef.leaves(digests), 4);
        vm.assertTrue(rollup.verifyInclusion(b, digests[4], 4, proof));
        vm.assertFalse(rollup.verifyInclusion(b, digests[4], 4 + 8, proof), "index aliasing past the tree");
        bytes32[] memory padProof = MerkleRef.proof(MerkleRef.leaves(digests), 5);
        vm.assertFalse(rollup.verifyInclusion(b, bytes32(0), 5, padProof), "padding leaf");
        bytes32[] memory longer = new bytes32[](proof.length + 1);
        for (uint256 i = 0; i < proof.length; i++) {
            longer[i] = proof[i];
        }
        vm.assertFalse(rollup.verifyInclusion(b, digests[4], 4, longer), "long proof");
        bytes32[] memory shorter = new bytes32[](proof.length - 1);
        vm.assertFalse(rollup.verifyInclusion(b, digests[4], 4, shorter), "short proof");
    }

    function test_verifyInclusion_singleLeaf_succeeds() public {
        bytes32[] memory digests = digestsOf(1);
        uint64 b = post(digests);
        (bytes32 root,,,,) = rollup.batches(b);
        vm.assertEq(root, MerkleRef.leaf(digests[0]));
        vm.assertTrue(rollup.verifyInclusion(b, digests[0], 0, new bytes32[](0)));
    }

    function test_receiptStatus_lifecycle_succeeds() public {
        bytes32[] memory digests = digestsOf(3);
        bytes32[] memory proof = MerkleRef.proof(MerkleRef.leaves(digests), 1);
        vm.assertEq(uint8(rollup.receiptStatus(0, digests[1], 1, proof)), uint8(ReceiptStatus.None), "before post");

        uint64 b = post(digests);
        vm.assertEq(uint8(rollup.receiptStatus(b, digests[1], 1, proof)), uint8(ReceiptStatus.Challengeable));
        vm.assertEq(uint8(rollup.receiptStatus(b, digests[1], 0, proof)), uint8(ReceiptStatus.None), "bad proof");

        vm.warp(block.timestamp + WINDOW - 1);
        vm.assertEq(uint8(rollup.receiptStatus(b, digests[1], 1, proof)), uint8(ReceiptStatus.Challengeable));
        vm.warp(block.timestamp + 1);
        vm.assertEq(uint8(rollup.receiptStatus(b, digests[1], 1, proof)), uint8(ReceiptStatus.Final), "unfinalized");
        rollup.finalizeBatch(b);
        vm.assertEq(uint8(rollup.receiptStatus(b, digests[1], 1, proof)), uint8(ReceiptStatus.Final), "finalized");
    }

    function test_receiptStatus_disputeLifecycle_succeeds() public {
        bytes32[] memory digests = digestsOf(3);
        uint64 b = post(digests);
        vm.prank(owner);
        rollup.setDisputeGame(stranger);
        bytes32[] memory leaves = MerkleRef.leaves(digests);
        vm.prank(stranger);
        rollup.openDispute(b, digests[0], 0, MerkleRef.proof(leaves, 0));
        vm.prank(stranger);
        rollup.openDispute(b, digests[1], 1, MerkleRef.proof(leaves, 1));
        vm.assertEq(
            uint8(rollup.receiptStatus(b, digests[0], 0, MerkleRef.proof(leaves, 0))), uint8(ReceiptStatus.Disputed)
        );
        vm.warp(block.timestamp + WINDOW);
        vm.assertEq(
            uint8(rollup.receiptStatus(b, digests[0], 0, MerkleRef.proof(leaves, 0))),
            uint8(ReceiptStatus.Disputed),
            "a disputed receipt never finalises by time"
        );
        vm.assertEq(
            uint8(rollup.receiptStatus(b, digests[2], 2, MerkleRef.proof(leaves, 2))),
            uint8(ReceiptStatus.Final),
            "others finalise"
        );
        rollup.finalizeBatch(b);
        vm.assertEq(
            uint8(rollup.receiptStatus(b, digests[0], 0, MerkleRef.proof(leaves, 0))), uint8(ReceiptStatus.Disputed)
        );
        vm.startPrank(stranger);
        rollup.settleDispute(digests[0], true);
        rollup.settleDispute(digests[1], false);
        vm.stopPrank();
        vm.assertTrue(rollup.invalidated(digests[0]));
        vm.assertEq(
            uint8(rollup.receiptStatus(b, digests[0], 0, MerkleRef.proof(leaves, 0))), uint8(ReceiptStatus.Invalidated)
        );
        vm.assertEq(
            uint8(rollup.receiptStatus(b, digests[1], 1, MerkleRef.proof(leaves, 1))), uint8(ReceiptStatus.Final)
        );
    }

    function test_openDispute_rules_reverts() public {
        bytes32[] memory digests = digestsOf(3);
        uint64 b = post(digests);
        vm.prank(owner);
        rollup.setDisputeGame(stranger);
        bytes32[] memory leaves = MerkleRef.leaves(digests);
        bytes32[] memory proof0 = MerkleRef.proof(leaves, 0);
        vm.startPrank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ReceiptNotInBatch.selector, b, digests[0]));
        rollup.openDispute(b, digests[0], 1, proof0);
        rollup.openDispute(b, digests[0], 0, proof0);
        vm.expectRevert(abi.encodeWithSelector(DisputeExists.selector, digests[0]));
        rollup.openDispute(b, digests[0], 0, proof0);
        rollup.settleDispute(digests[0], false);
        vm.expectRevert(abi.encodeWithSelector(DisputeExists.selector, digests[0]));
        rollup.openDispute(b, digests[0], 0, proof0);
        vm.expectRevert(abi.encodeWithSelector(NoOpenDispute.selector, digests[0]));
        rollup.settleDispute(digests[0], true);
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(abi.encodeWithSelector(ChallengeWindowClosed.selector, b, block.timestamp));
        rollup.openDispute(b, digests[2], 2, MerkleRef.proof(leaves, 2));
        vm.stopPrank();
    }
}
