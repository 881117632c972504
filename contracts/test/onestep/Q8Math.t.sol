// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "../base/Test.sol";
import {Q8Math} from "../../src/onestep/Q8Math.sol";
import {Q8ByteTokenizer} from "../../src/onestep/Q8ByteTokenizer.sol";
import {Q8Config, Q8ConfigLib} from "../../src/onestep/Q8Config.sol";

contract Q8Harness {
    function rmsNorm(bytes calldata x, bytes calldata g) external pure returns (bytes memory) {
        return Q8Math.rmsNorm(x, g);
    }

    function encodePrompt(bytes calldata text) external pure returns (uint32[] memory) {
        return Q8ByteTokenizer.encodePrompt(text);
    }

    function tokensHash(uint32[] memory a, uint32[] calldata b) external pure returns (bytes32) {
        return Q8ByteTokenizer.tokensHash(a, b);
    }

    function parse(bytes calldata row) external pure returns (Q8Config memory) {
        return Q8ConfigLib.parse(row);
    }
}

/// The q8 ops edge cases of docs/q8-exact.md: truncation toward zero, clamps, isqrt boundaries, SplitMix64 vectors.
contract Q8Math_Test is Test {
    Q8Harness internal h = new Q8Harness();

    function assertEq(int256 a, int256 b) internal pure {
        vm.assertTrue(a == b, "int256 values differ");
    }

    function assertEq(uint256 a, uint256 b) internal pure {
        vm.assertEq(a, b);
    }

    function assertEq(bytes32 a, bytes32 b) internal pure {
        vm.assertEq(a, b);
    }

    function assertEq(bytes memory a, bytes memory b) internal pure {
        vm.assertEq(keccak256(a), keccak256(b), "bytes differ");
    }

    function assertGe(int256 a, int256 b) internal pure {
        vm.assertTrue(a >= b, "expected a >= b");
    }

    function assertLe(int256 a, int256 b) internal pure {
        vm.assertTrue(a <= b, "expected a <= b");
    }

    function test_clamp8() public pure {
        assertEq(Q8Math.clamp8(127), 127);
        assertEq(Q8Math.clamp8(128), 127);
        assertEq(Q8Math.clamp8(-128), -128);
        assertEq(Q8Math.clamp8(-129), -128);
        assertEq(Q8Math.clamp8(type(int256).max), 127);
        assertEq(Q8Math.clamp8(type(int256).min), -128);
        assertEq(Q8Math.clamp8(0), 0);
    }

    function test_scaleTruncatesTowardZero() public pure {
        // -7 / 2 = -3 (an arithmetic shift would give -4)
        assertEq(Q8Math.scale(-7, 1, 1), -3);
        assertEq(Q8Math.scale(7, 1, 1), 3);
        assertEq(Q8Math.scale(-1, 1, 40), 0);
        assertEq(Q8Math.scale(-255, 3, 8), -2); // -765 / 256 = -2.98…
        assertEq(Q8Math.scale(255, 3, 8), 2);
        assertEq(Q8Math.scale(-(int256(1) << 22), 1 << 24, 0), -(int256(1) << 46));
    }

    function test_rqClamps() public pure {
        assertEq(Q8Math.rq(1 << 20, 1, 7), 127);
        assertEq(Q8Math.rq(-(1 << 20), 1, 7), -128);
        assertEq(Q8Math.rq(-200, 1, 1), -100);
        assertEq(Q8Math.rq(-257, 1, 1), -128);
        assertEq(Q8Math.rq(-255, 1, 1), -127);
    }

    function testFuzz_scaleIsTruncatedDivision(int64 acc, uint24 m, uint8 s) public pure {
        uint256 shift = s % 41;
        int256 expected = (int256(acc) * int256(uint256(m))) / int256(uint256(1) << shift);
        assertEq(Q8Math.scale(acc, m, shift), expected);
        int256 r = Q8Math.scale(acc, m, shift);
        // |r · 2^s| ≤ |acc · m| and the sign never flips: truncation toward zero
        if (acc >= 0) assertGe(r, 0);
        else assertLe(r, 0);
    }

    function test_isqrtBoundaries() public pure {
        assertEq(Q8Math.isqrt(0), 0);
        assertEq(Q8Math.isqrt(1), 1);
        assertEq(Q8Math.isqrt(2), 1);
        assertEq(Q8Math.isqrt(3), 1);
        assertEq(Q8Math.isqrt(4), 2);
        assertEq(Q8Math.isqrt(15), 3);
        assertEq(Q8Math.isqrt(16), 4);
        assertEq(Q8Math.isqrt(16383), 127);
        assertEq(Q8Math.isqrt(16384), 128);
        assertEq(Q8Math.isqrt((1 << 52) - 1), (1 << 26) - 1);
        assertEq(Q8Math.isqrt(type(uint256).max), type(uint128).max);
    }

    function testFuzz_isqrtIsTheFloorRoot(uint128 n) public pure {
        uint256 r = Q8Math.isqrt(n);
        vm.assertTrue(r * r <= n, "r^2 > n");
        vm.assertTrue((r + 1) * (r + 1) > n, "(r+1)^2 <= n");
    }

    function test_rmsNorm() public view {
        // x = [3, -4], ss = 25, r = isqrt(25 / 2) = 3; y = [(3·10)/3, (-4·10)/3] = [10, -13]
        bytes memory y = h.rmsNorm(hex"03fc", hex"0a0a");
        assertEq(y, hex"0af3");
        // all zero: r = max(1, 0) = 1
        assertEq(h.rmsNorm(hex"0000", hex"7f7f"), hex"0000");
        // clamps: x = 127 with gain 127 over r = 127 gives 127; -128 · 127 / 128 = -127
        assertEq(h.rmsNorm(hex"80", hex"7f"), hex"81");
        // x = [1, -2, 0, 0], ss = 5, r = max(1, isqrt(5 / 4)) = 1 → [64, clamp8(-128)]
        assertEq(h.rmsNorm(hex"01fe0000", hex"40404040"), hex"40800000");
        // truncation toward zero: x = [-5, 1, 1, 1], ss = 28, r = isqrt(7) = 2 → [-5·3/2, 3/2, …] = [-7, 1, 1, 1]
        assertEq(h.rmsNorm(hex"fb010101", hex"03030303"), hex"f9010101");
    }

    function test_splitMix64KnownOutputs() public pure {
        assertEq(Q8Math.splitMix64(0, 0), 0xE220A8397B1DCDAF);
        assertEq(Q8Math.splitMix64(0, 1), 0x6E789E6AA1B965F4);
    }

    function test_tokenizerVectors() public view {
        uint32[] memory t = h.encodePrompt("Hi");
        assertEq(t.length, 3);
        assertEq(t[0], 256);
        assertEq(t[1], 72);
        assertEq(t[2], 105);

        t = h.encodePrompt("<|user|>Hi<|eos|><|assistant|>");
        assertEq(t.length, 6);
        assertEq(t[1], 259);
        assertEq(t[4], 257);
        assertEq(t[5], 260);

        // an unterminated marker is bytes; a marker right after one is still found
        t = h.encodePrompt("<|bos|<|bos|>");
        assertEq(t.length, 8);
        assertEq(t[1], 60);
        assertEq(t[6], 124);
        assertEq(t[7], 256);

        t = h.encodePrompt(unicode"é<|system|>");
        assertEq(t.length, 4);
        assertEq(t[1], 0xC3);
        assertEq(t[2], 0xA9);
        assertEq(t[3], 258);

        assertEq(h.encodePrompt("").length, 1);
    }

    function test_tokensHashPacksUint32() public view {
        uint32[] memory a = new uint32[](2);
        a[0] = 256;
        a[1] = 72;
        uint32[] memory b = new uint32[](1);
        b[0] = 257;
        assertEq(h.tokensHash(a, b), keccak256(abi.encodePacked(uint32(256), uint32(72), uint32(257))));
    }

    function test_configGeometryOfTheDemoModel() public view {
        // otr-demo-q8: V = 261, D = 64, H = 4, L = 4, F = 256, C = 256 → 3,096 row leaves (docs/q8-exact.md)
        bytes memory row = abi.encodePacked(
            [int32(1), 261, 64, 4, 4, 256, 256, 257, 1, 7, 1, 7, 1, 7, 1, 8, 15, 3, 16, 3, 9, 1, 7, 3, 10, 8]
        );
        Q8Config memory c = h.parse(_unpad(row));
        assertEq(c.leafCount, 3096);
        assertEq(c.headDim, 16);
        (uint256 first, uint256 rows, uint256 bytes_) = Q8ConfigLib.geometry(c, Q8ConfigLib.finalNorm(c) + 2);
        assertEq(first, 3095);
        assertEq(rows, 1);
        assertEq(bytes_, 4 * 261);
        (first, rows, bytes_) = Q8ConfigLib.geometry(c, Q8ConfigLib.layerTensor(2, 7));
        assertEq(first, 4 + 261 + 256 + 578 + 2 + 256 + 256);
        assertEq(rows, 64);
        assertEq(bytes_, 256);
    }

    function test_configRejectsBadValues() public {
        bytes memory row = _unpad(
            abi.encodePacked(
                [int32(2), 261, 64, 4, 4, 256, 256, 257, 1, 7, 1, 7, 1, 7, 1, 8, 15, 3, 16, 3, 9, 1, 7, 3, 10, 8]
            )
        );
        vm.expectRevert(abi.encodeWithSelector(Q8ConfigLib.ConfigUnsupported.selector, 0, int256(2)));
        h.parse(row);
        row = _unpad(
            abi.encodePacked(
                [int32(1), 261, 64, 5, 4, 256, 256, 257, 1, 7, 1, 7, 1, 7, 1, 8, 15, 3, 16, 3, 9, 1, 7, 3, 10, 8]
            )
        );
        vm.expectRevert(abi.encodeWithSelector(Q8ConfigLib.ConfigUnsupported.selector, 3, int256(5)));
        h.parse(row);
    }

    /// abi.encodePacked pads array elements to 32 bytes: keep the low 4 bytes of each word.
    function _unpad(bytes memory words) internal pure returns (bytes memory out) {
        out = new bytes(words.length / 8);
        for (uint256 i = 0; i < words.length / 32; i++) {
            for (uint256 j = 0; j < 4; j++) {
                out[4 * i + j] = words[32 * i + 28 + j];
            }
        }
    }
}
