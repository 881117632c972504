// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Vm} from "./Vm.sol";

/// @notice Minimal test base: the cheatcode handle and a few helpers forge-std would otherwise provide.
abstract contract Test {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Maps any fuzzed `x` into [min, max] (inclusive) without discarding runs.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (min == 0 && max == type(uint256).max) return x;
        return min + (x % (max - min + 1));
    }

    /// @notice A labelled address derived from a name.
    function makeAddr(string memory name) internal returns (address a) {
        a = vm.addr(privateKeyOf(name));
        vm.label(a, name);
    }

    /// @notice A deterministic secp256k1 private key derived from a name.
    function privateKeyOf(string memory name) internal pure returns (uint256) {
        // keccak output is below the curve order with overwhelming probability; fold it once to be sure.
        uint256 n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
        return (uint256(keccak256(bytes(name))) % (n - 1)) + 1;
    }

    /// @notice 65-byte r ‖ s ‖ v signature of `digest` by `privateKey` (forge's sign returns low-s, v ∈ {27, 28}).
    function signDigest(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }
}
