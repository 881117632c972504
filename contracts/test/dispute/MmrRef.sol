// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {TraceMmr} from "../../src/lib/TraceMmr.sol";

/// @notice Test helper: prefix roots and peaks of an in-memory leaf list (appends one by one with TraceMmr).
library MmrRef {
    function peaksAt(bytes32[] memory leaves, uint64 n) internal pure returns (bytes32[] memory peaks) {
        peaks = new bytes32[](0);
        for (uint64 i = 0; i < n; i++) {
            peaks = TraceMmr.appendLeaf(i, peaks, leaves[i]);
        }
    }

    function rootAt(bytes32[] memory leaves, uint64 n) internal pure returns (bytes32) {
        return TraceMmr.rootFromPeaks(n, peaksAt(leaves, n));
    }

    /// @notice Sibling path of leaf `index` inside its peak of the `n`-leaf prefix (bottom-up).
    function siblings(bytes32[] memory leaves, uint64 n, uint64 index) internal pure returns (bytes32[] memory path) {
        (, uint256 height, uint64 start) = TraceMmr.locatePeak(n, index);
        path = new bytes32[](height);
        uint256 size = uint256(1) << height;
        bytes32[] memory level = new bytes32[](size);
        for (uint256 i = 0; i < size; i++) {
            level[i] = leaves[start + i];
        }
        uint256 local = index - start;
        for (uint256 h = 0; h < height; h++) {
            path[h] = level[local ^ 1];
            uint256 half = level.length / 2;
            bytes32[] memory up = new bytes32[](half);
            for (uint256 i = 0; i < half; i++) {
                up[i] = keccak256(abi.encodePacked(bytes1(0x01), level[2 * i], level[2 * i + 1]));
            }
            level = up;
            local >>= 1;
        }
    }
}
