// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @notice Straightforward in-memory reference of the positional tree (docs/encodings.md) for tests: builds
///         roots and proofs the way the C# MerkleTree does, independently of the contracts' OtrMerkle.
library MerkleRef {
    function leaf(bytes32 payload) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x00), payload));
    }

    function node(bytes32 l, bytes32 r) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x01), l, r));
    }

    function _pad(bytes32[] memory leaves) private pure returns (bytes32[] memory level) {
        uint256 size = 1;
        while (size < leaves.length) size <<= 1;
        level = new bytes32[](size);
        for (uint256 i = 0; i < leaves.length; i++) {
            level[i] = leaves[i];
        }
    }

    function _up(bytes32[] memory level) private pure returns (bytes32[] memory next) {
        next = new bytes32[](level.length / 2);
        for (uint256 i = 0; i < next.length; i++) {
            next[i] = node(level[2 * i], level[2 * i + 1]);
        }
    }

    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        if (leaves.length == 0) return bytes32(0);
        bytes32[] memory level = _pad(leaves);
        while (level.length > 1) level = _up(level);
        return level[0];
    }

    function proof(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory siblings) {
        bytes32[] memory level = _pad(leaves);
        uint256 depth = 0;
        while ((uint256(1) << depth) < level.length) depth++;
        siblings = new bytes32[](depth);
        uint256 i = index;
        for (uint256 d = 0; d < depth; d++) {
            siblings[d] = level[i ^ 1];
            level = _up(level);
            i >>= 1;
        }
    }

    /// @notice Batch leaves for receipt digests.
    function leaves(bytes32[] memory digests) internal pure returns (bytes32[] memory out) {
        out = new bytes32[](digests.length);
        for (uint256 i = 0; i < digests.length; i++) {
            out[i] = leaf(digests[i]);
        }
    }
}
