// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

// Every narrowing cast here is deliberate: byte extraction, two's complement re-interpretation of int8/int32/int64
// payload fields, and values the surrounding code has range-checked.
// forge-lint: disable-start(unsafe-typecast)

/// @title Q8ByteTokenizer
/// @notice The byte-level tokenizer of docs/q8-exact.md over the UTF-8 bytes of a prompt text, as C#
///         `ByteTokenizer.EncodePrompt` reads the same text: [BOS] ++ encode(text). A marker (`<|bos|>` 256,
///         `<|eos|>` 257, `<|system|>` 258, `<|user|>` 259, `<|assistant|>` 260) anywhere becomes its special id,
///         every other byte is its own id. Markers are ASCII, so scanning bytes equals scanning UTF-16 characters.
library Q8ByteTokenizer {
    uint32 internal constant BOS = 256;

    /// @notice The prompt tokens of `text`, BOS first.
    function encodePrompt(bytes calldata text) internal pure returns (uint32[] memory tokens) {
        uint32[] memory buffer = new uint32[](text.length + 1);
        buffer[0] = BOS;
        uint256 count = 1;
        uint256 i = 0;
        while (i < text.length) {
            (uint32 special, uint256 len) = (0, 0);
            if (text[i] == "<") (special, len) = matchMarker(text, i);
            if (len == 0) {
                buffer[count++] = uint8(text[i]);
                i++;
            } else {
                buffer[count++] = special;
                i += len;
            }
        }
        tokens = buffer;
        assembly ("memory-safe") {
            mstore(tokens, count)
        }
    }

    /// @notice The special id and byte length of the marker at `i`, or (0, 0) when there is none.
    function matchMarker(bytes calldata text, uint256 i) internal pure returns (uint32, uint256) {
        if (startsWith(text, i, "<|bos|>")) return (256, 7);
        if (startsWith(text, i, "<|eos|>")) return (257, 7);
        if (startsWith(text, i, "<|system|>")) return (258, 10);
        if (startsWith(text, i, "<|user|>")) return (259, 8);
        if (startsWith(text, i, "<|assistant|>")) return (260, 13);
        return (0, 0);
    }

    function startsWith(bytes calldata text, uint256 i, bytes memory marker) private pure returns (bool) {
        if (text.length - i < marker.length) return false;
        for (uint256 j = 0; j < marker.length; j++) {
            if (text[i + j] != marker[j]) return false;
        }
        return true;
    }

    /// @notice keccak256(uint32 t_0 ‖ uint32 t_1 ‖ …) over `a` then `b`.
    function tokensHash(uint32[] memory a, uint32[] calldata b) internal pure returns (bytes32) {
        bytes memory packed = new bytes(4 * (a.length + b.length));
        for (uint256 i = 0; i < a.length; i++) {
            writeU32(packed, 4 * i, a[i]);
        }
        for (uint256 i = 0; i < b.length; i++) {
            writeU32(packed, 4 * (a.length + i), b[i]);
        }
        return keccak256(packed);
    }

    function writeU32(bytes memory out, uint256 offset, uint32 v) private pure {
        out[offset] = bytes1(uint8(v >> 24));
        out[offset + 1] = bytes1(uint8(v >> 16));
        out[offset + 2] = bytes1(uint8(v >> 8));
        out[offset + 3] = bytes1(uint8(v));
    }
}
// forge-lint: disable-end(unsafe-typecast)
