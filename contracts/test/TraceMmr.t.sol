// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {OtrTestBase} from "./base/OtrTestBase.sol";
import {MerkleRef} from "./base/MerkleRef.sol";
import {TraceMmr} from "../src/lib/TraceMmr.sol";

contract TraceMmrHarness {
    function rootFromPeaks(uint64 n, bytes32[] memory peaks) external pure returns (bytes32) {
        return TraceMmr.rootFromPeaks(n, peaks);
    }

    function appendLeaf(uint64 n, bytes32[] memory peaks, bytes32 leaf) external pure returns (bytes32[] memory) {
        return TraceMmr.appendLeaf(n, peaks, leaf);
    }

    function verifyAppend(bytes32 root, uint64 n, bytes32[] memory peaks, bytes32 leaf, bytes32 next)
        external
        pure
        returns (bool)
    {
        return TraceMmr.verifyAppend(root, n, peaks, leaf, next);
    }

    function verifyOpening(
        bytes32 root,
        uint64 n,
        uint64 index,
        bytes32 leaf,
        bytes32[] memory siblings,
        bytes32[] memory peaks
    ) external pure returns (bool) {
        return TraceMmr.verifyOpening(root, n, index, leaf, siblings, peaks);
    }
}

/// TraceMmr against an independent reference built from MerkleRef (peaks = roots of the power-of-two slices,
/// which is how the C# TraceAccumulator.PrefixRoot defines them), and the pinned cross-language vectors.
contract TraceMmr_Test is OtrTestBase {
    TraceMmrHarness internal h;

    function setUp() public override {
        super.setUp();
        h = new TraceMmrHarness();
    }

    function _leaves(uint256 n) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) {
            leaves[i] = keccak256(abi.encodePacked(uint256(i)));
        }
    }

    /// Peaks of the first n leaves, and for a given index the sibling path inside its peak.
    function _refPeaks(bytes32[] memory leaves, uint256 n) internal pure returns (bytes32[] memory peaks) {
        peaks = new bytes32[](TraceMmr.peakCount(n));
        uint256 k;
        uint256 start;
        for (uint256 hgt = 64; hgt > 0; hgt--) {
            uint256 size = uint256(1) << (hgt - 1);
            if (n & size == 0) continue;
            bytes32[] memory slice = new bytes32[](size);
            for (uint256 i = 0; i < size; i++) {
                slice[i] = leaves[start + i];
            }
            peaks[k++] = MerkleRef.root(slice);
            start += size;
        }
    }

    function _refSiblings(bytes32[] memory leaves, uint256 n, uint256 index) internal pure returns (bytes32[] memory) {
        uint256 start;
        for (uint256 hgt = 64; hgt > 0; hgt--) {
            uint256 size = uint256(1) << (hgt - 1);
            if (n & size == 0) continue;
            if (index < start + size) {
                bytes32[] memory slice = new bytes32[](size);
                for (uint256 i = 0; i < size; i++) {
                    slice[i] = leaves[start + i];
                }
                return MerkleRef.proof(slice, index - start);
            }
            start += size;
        }
        revert("index");
    }

    function test_emptyRoot_matchesPinnedVector_succeeds() public pure {
        // docs/encodings.md: keccak(0x02 ‖ uint64(0) ‖ bytes32(0)).
        vm.assertEq(TraceMmr.emptyRoot(), 0xf28d766e14bfa9767b97ce2a50d9b632eb10ef9c4aa085943ece3a4fcd5ef287);
        vm.assertEq(TraceMmr.rootFromPeaks(0, new bytes32[](0)), TraceMmr.emptyRoot());
    }

    function test_rootFromPeaks_sevenLeaves_matchesCSharpVector_succeeds() public view {
        // Pinned in tests/Otr.Protocol.Tests (TraceAccumulatorTests): leaves keccak(uint256(i)), i = 0..6.
        bytes32[] memory leaves = _leaves(7);
        vm.assertEq(
            h.rootFromPeaks(7, _refPeaks(leaves, 7)), 0x78be75bc1828059e50f1ab0b05dfdaf96ccffef58efb24285563d7c04b6cac55
        );
    }

    function test_appendLeaf_incremental_matchesReference_succeeds() public view {
        bytes32[] memory leaves = _leaves(40);
        bytes32[] memory peaks = new bytes32[](0);
        bytes32 root = TraceMmr.emptyRoot();
        for (uint64 n = 0; n < 40; n++) {
            bytes32[] memory next = h.appendLeaf(n, peaks, leaves[n]);
            bytes32[] memory ref = _refPeaks(leaves, n + 1);
            vm.assertEq(next.length, ref.length);
            for (uint256 i = 0; i < ref.length; i++) {
                vm.assertEq(next[i], ref[i]);
            }
            bytes32 nextRoot = h.rootFromPeaks(n + 1, next);
            vm.assertTrue(h.verifyAppend(root, n, peaks, leaves[n], nextRoot));
            vm.assertFalse(h.verifyAppend(root, n, peaks, keccak256("other"), nextRoot));
            peaks = next;
            root = nextRoot;
        }
    }

    function test_verifyOpening_everyLeafOfEveryPrefix_succeeds() public view {
        bytes32[] memory leaves = _leaves(19);
        for (uint64 n = 1; n <= 19; n++) {
            bytes32[] memory peaks = _refPeaks(leaves, n);
            bytes32 root = h.rootFromPeaks(n, peaks);
            for (uint64 i = 0; i < n; i++) {
                bytes32[] memory siblings = _refSiblings(leaves, n, i);
                vm.assertTrue(h.verifyOpening(root, n, i, leaves[i], siblings, peaks));
                vm.assertFalse(h.verifyOpening(root, n, i, keccak256("x"), siblings, peaks));
                if (i + 1 < n) vm.assertFalse(h.verifyOpening(root, n, i + 1, leaves[i], siblings, peaks));
            }
            vm.assertFalse(h.verifyOpening(root, n, n, leaves[0], new bytes32[](0), peaks));
        }
    }

    function testFuzz_verifyOpening_wrongCount_fails(uint8 rawN, uint8 rawIndex) public view {
        uint64 n = uint64(bound(rawN, 2, 60));
        uint64 index = uint64(bound(rawIndex, 0, n - 2));
        bytes32[] memory leaves = _leaves(n);
        bytes32[] memory peaks = _refPeaks(leaves, n);
        bytes32 root = h.rootFromPeaks(n, peaks);
        bytes32[] memory siblings = _refSiblings(leaves, n, index);
        vm.assertTrue(h.verifyOpening(root, n, index, leaves[index], siblings, peaks));
        // The peaks of a shorter prefix never verify against this root.
        peaks = _refPeaks(leaves, n - 1);
        vm.assertFalse(h.verifyOpening(root, n - 1, index, leaves[index], siblings, peaks));
    }
}
