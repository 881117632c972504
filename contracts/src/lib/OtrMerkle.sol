// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title OtrMerkle
/// @notice The one Merkle hashing rule of OTR (docs/encodings.md): leaf = keccak256(0x00 ‖ payload),
///         node = keccak256(0x01 ‖ left ‖ right); positional binary trees padded with bytes32(0) to the next
///         power of two; proofs list siblings bottom-up and bit i of the index says the node is a right child
///         at level i.
library OtrMerkle {
    /// @notice keccak256(0x00 ‖ payload) for a 32-byte payload (a batch leaf over a receipt digest).
    function leaf(bytes32 payload) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            mstore8(0x00, 0x00)
            mstore(0x01, payload)
            h := keccak256(0x00, 0x21)
        }
    }

    /// @notice keccak256(0x01 ‖ left ‖ right).
    function node(bytes32 left, bytes32 right) internal pure returns (bytes32 h) {
        // 65 bytes do not fit the 64-byte scratch space: hash from free memory without claiming it.
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore8(p, 0x01)
            mstore(add(p, 0x01), left)
            mstore(add(p, 0x21), right)
            h := keccak256(p, 0x41)
        }
    }

    /// @notice Depth of the positional tree over `count` leaves: ceil(log2(count)); 0 for 0 or 1 leaf.
    function depth(uint256 count) internal pure returns (uint256 d) {
        while ((uint256(1) << d) < count) {
            d++;
        }
    }

    /// @notice Root reached from `leafHash` at `index` along `proof`.
    function rootFromProof(bytes32 leafHash, uint256 index, bytes32[] calldata proof) internal pure returns (bytes32) {
        bytes32 h = leafHash;
        for (uint256 i = 0; i < proof.length; i++) {
            h = (index >> i) & 1 == 0 ? node(h, proof[i]) : node(proof[i], h);
        }
        return h;
    }

    /// @notice True when `proof` takes `leafHash` at `index` to `root` in a tree of `count` leaves.
    ///         Stricter than a bare root check: the index must be below `count` and the proof exactly as long
    ///         as the tree is deep, so one leaf has exactly one valid (index, proof).
    function verify(bytes32 root, uint256 count, bytes32 leafHash, uint256 index, bytes32[] calldata proof)
        internal
        pure
        returns (bool)
    {
        if (index >= count || proof.length != depth(count)) return false;
        return rootFromProof(leafHash, index, proof) == root;
    }
}
