// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

// Every narrowing cast here is deliberate: byte extraction, two's complement re-interpretation of int8/int32/int64
// payload fields, and values the surrounding code has range-checked.
// forge-lint: disable-start(unsafe-typecast)

/// @title Q8Math
/// @notice The q8-exact integer operations of docs/q8-exact.md, as the C# reference (Q8Ops, Q8Requant, SplitMix64)
///         computes them. All arithmetic is in int256, so no intermediate can overflow for the allowed model sizes.
///         Every division truncates toward zero: Solidity's signed `/` does, while an arithmetic right shift would
///         floor (differ on negative values), so powers of two are divided, never shifted.
library Q8Math {
    /// @notice min(127, max(-128, x)).
    function clamp8(int256 x) internal pure returns (int256) {
        if (x > 127) return 127;
        if (x < -128) return -128;
        return x;
    }

    /// @notice (acc · m) / 2^s, truncating toward zero (no clamp).
    function scale(int256 acc, uint256 m, uint256 s) internal pure returns (int256) {
        return (acc * int256(m)) / int256(uint256(1) << s);
    }

    /// @notice rq(acc; m, s) = clamp8((acc · m) / 2^s).
    function rq(int256 acc, uint256 m, uint256 s) internal pure returns (int256) {
        return clamp8(scale(acc, m, s));
    }

    /// @notice Floor square root (Newton's method from above, which decreases strictly until it reaches the floor
    ///         root; exact for every n).
    function isqrt(uint256 n) internal pure returns (uint256 x) {
        x = n;
        uint256 y = x / 2 + (x & 1); // ceil(n / 2) without overflow
        while (y < x) {
            x = y;
            y = (x + n / x) / 2;
        }
    }

    /// @notice RMSNorm: ss = Σ x_i², r = max(1, isqrt(ss / D)), y_i = clamp8((x_i · g_i) / r).
    ///         `x` and `g` are D int8 bytes each; returns D int8 bytes.
    function rmsNorm(bytes calldata x, bytes calldata g) internal pure returns (bytes memory y) {
        uint256 d = x.length;
        uint256 ss;
        for (uint256 i = 0; i < d; i++) {
            int256 v = int8(uint8(x[i]));
            ss += uint256(v * v);
        }
        int256 r = int256(isqrt(ss / d));
        if (r < 1) r = 1;
        y = new bytes(d);
        for (uint256 i = 0; i < d; i++) {
            int256 v = (int256(int8(uint8(x[i]))) * int8(uint8(g[i]))) / r;
            y[i] = bytes1(uint8(int8(clamp8(v))));
        }
    }

    /// @notice Output `index` (0-based) of SplitMix64 seeded with `seed`: mix(seed + (index + 1) · γ) mod 2^64.
    function splitMix64(uint64 seed, uint64 index) internal pure returns (uint64 z) {
        unchecked {
            z = seed + (index + 1) * 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z = z ^ (z >> 31);
        }
    }
}
// forge-lint: disable-end(unsafe-typecast)
