// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {OtrTestBase} from "./base/OtrTestBase.sol";
import {MerkleRef} from "./base/MerkleRef.sol";
import {OtrMerkle} from "../src/lib/OtrMerkle.sol";

contract OtrMerkleHarness {
    function leaf(bytes32 p) external pure returns (bytes32) {
        return OtrMerkle.leaf(p);
    }

    function node(bytes32 l, bytes32 r) external pure returns (bytes32) {
        return OtrMerkle.node(l, r);
    }

    function depth(uint256 count) external pure returns (uint256) {
        return OtrMerkle.depth(count);
    }
}

/// OtrMerkle against the independent in-memory reference, and batch inclusion end to end.
contract OtrMerkle_Test is OtrTestBase {
    OtrMerkleHarness internal h;

    function setUp() public override {
        super.setUp();
        h = new OtrMerkleHarness();
    }

    function test_depth_powersOfTwo_succeeds() public view {
        vm.assertEq(h.depth(0), 0);
        vm.assertEq(h.depth(1), 0);
        vm.assertEq(h.depth(2), 1);
        vm.assertEq(h.depth(3), 2);
        vm.assertEq(h.depth(4), 2);
        vm.assertEq(h.depth(5), 3);
        vm.assertEq(h.depth(1 << 20), 20);
        vm.assertEq(h.depth((1 << 20) + 1), 21);
    }

    function testFuzz_leafAndNode_matchReference_succeeds(bytes32 a, bytes32 b) public view {
        vm.assertEq(h.leaf(a), MerkleRef.leaf(a));
        vm.assertEq(h.node(a, b), MerkleRef.node(a, b));
        vm.assertNotEq(h.leaf(a), h.node(a, b));
    }

    function testFuzz_verifyInclusion_randomBatch_succeeds(uint256 seed, uint256 size, uint256 pick, uint256 flip)
        public
    {
        uint256 n = bound(size, 1, 70);
        uint256 index = bound(pick, 0, n - 1);
        bytes32[] memory digests = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) {
            digests[i] = keccak256(abi.encode(seed, i));
        }
        bytes32[] memory leaves = MerkleRef.leaves(digests);
        vm.prank(sequencer);
        rollup.submitBatch(0, MerkleRef.root(leaves), uint32(n), bytes32(seed));

        bytes32[] memory proof = MerkleRef.proof(leaves, index);
        vm.assertTrue(rollup.verifyInclusion(0, digests[index], index, proof), "valid proof");
        vm.assertFalse(rollup.verifyInclusion(0, keccak256(abi.encode(seed, n)), index, proof), "foreign digest");
        if (proof.length > 0) {
            uint256 at = bound(flip, 0, proof.length * 256 - 1);
            proof[at / 256] = bytes32(uint256(proof[at / 256]) ^ (uint256(1) << (at % 256)));
            vm.assertFalse(rollup.verifyInclusion(0, digests[index], index, proof), "tampered proof");
        }
    }
}
