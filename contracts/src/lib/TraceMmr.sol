// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {OtrMerkle} from "./OtrMerkle.sol";

/// @title TraceMmr
/// @notice The trace accumulator of docs/encodings.md (a Merkle mountain range), as `TraceAccumulator` in
///         Otr.Protocol computes it. Peaks are the roots of the perfect subtrees given by the binary decomposition
///         of the leaf count `n`, largest (oldest) first; the prefix root after `n` leaves is
///         keccak256(0x02 ‖ uint64(n) ‖ bag) with bag folding the peaks right to left
///         (bag = last; bag = node(peak_i, bag)), bag = bytes32(0) for n = 0.
///         Used for both the coarse trace of a receipt and the fine trace of one disputed coarse step.
library TraceMmr {
    /// @notice Number of peaks of an `n`-leaf prefix (population count of n).
    function peakCount(uint256 n) internal pure returns (uint256 c) {
        while (n != 0) {
            c += n & 1;
            n >>= 1;
        }
    }

    /// @notice Prefix root of `n` leaves from its peaks; reverts when the peak count does not match n.
    function rootFromPeaks(uint64 n, bytes32[] memory peaks) internal pure returns (bytes32) {
        require(peaks.length == peakCount(n), "TraceMmr: peak count");
        bytes32 bag;
        if (peaks.length > 0) {
            bag = peaks[peaks.length - 1];
            for (uint256 i = peaks.length - 1; i > 0; i--) {
                bag = OtrMerkle.node(peaks[i - 1], bag);
            }
        }
        return keccak256(abi.encodePacked(bytes1(0x02), n, bag));
    }

    /// @notice Prefix root of the empty trace: keccak256(0x02 ‖ uint64(0) ‖ bytes32(0)).
    function emptyRoot() internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x02), uint64(0), bytes32(0)));
    }

    /// @notice Peaks after appending `leaf` to an `n`-leaf prefix with `peaks` (not checked against a root here).
    function appendLeaf(uint64 n, bytes32[] memory peaks, bytes32 leaf) internal pure returns (bytes32[] memory out) {
        require(peaks.length == peakCount(n), "TraceMmr: peak count");
        // Appending merges the trailing peaks of heights 0, 1, ... while the corresponding bits of n are set.
        uint256 merges;
        while ((n >> merges) & 1 == 1) {
            merges++;
        }
        out = new bytes32[](peaks.length - merges + 1);
        uint256 keep = peaks.length - merges;
        for (uint256 i = 0; i < keep; i++) {
            out[i] = peaks[i];
        }
        bytes32 h = leaf;
        for (uint256 i = 0; i < merges; i++) {
            h = OtrMerkle.node(peaks[peaks.length - 1 - i], h);
        }
        out[keep] = h;
    }

    /// @notice True when `peaks` are the peaks of the `n`-leaf prefix with root `root`, and appending `leaf` gives
    ///         the prefix root `next` of n + 1 leaves.
    function verifyAppend(bytes32 root, uint64 n, bytes32[] memory peaks, bytes32 leaf, bytes32 next)
        internal
        pure
        returns (bool)
    {
        if (peaks.length != peakCount(n) || rootFromPeaks(n, peaks) != root) return false;
        return rootFromPeaks(n + 1, appendLeaf(n, peaks, leaf)) == next;
    }

    /// @notice True when leaf `index` of the `n`-leaf prefix with root `root` is `leaf`: `siblings` is the path
    ///         inside its peak (bottom-up), `peaks` all peaks of the prefix. One leaf has exactly one valid opening.
    function verifyOpening(
        bytes32 root,
        uint64 n,
        uint64 index,
        bytes32 leaf,
        bytes32[] memory siblings,
        bytes32[] memory peaks
    ) internal pure returns (bool) {
        if (index >= n || peaks.length != peakCount(n)) return false;
        (uint256 peak, uint256 height, uint64 start) = locatePeak(n, index);
        if (siblings.length != height) return false;
        uint64 local = index - start;
        bytes32 h = leaf;
        for (uint256 i = 0; i < height; i++) {
            h = (local >> i) & 1 == 0 ? OtrMerkle.node(h, siblings[i]) : OtrMerkle.node(siblings[i], h);
        }
        return h == peaks[peak] && rootFromPeaks(n, peaks) == root;
    }

    /// @notice Which peak (0 = largest) of an `n`-leaf prefix holds leaf `index`, its height, and its first leaf.
    function locatePeak(uint64 n, uint64 index) internal pure returns (uint256 peak, uint256 height, uint64 start) {
        require(index < n, "TraceMmr: index");
        for (uint256 hgt = 64; hgt > 0; hgt--) {
            uint64 size = uint64(1) << (hgt - 1);
            if (n & size == 0) continue;
            if (index < start + size) return (peak, hgt - 1, start);
            start += size;
            peak++;
        }
        revert("TraceMmr: index");
    }
}
