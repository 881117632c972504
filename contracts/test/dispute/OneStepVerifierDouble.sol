// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IOneStepVerifier, StepContext} from "../../src/IOneStepVerifier.sol";

/// @notice TEST ONLY: an IOneStepVerifier whose answers the test controls through the witness, so dispute-game tests
///         can play full games before the real q8-exact verifier exists. requestContext tokenizes one token per prompt
///         byte; expectedTraceLength, fineLength and fineLeaf return the abi-decoded witness (uint64, uint64, bytes32)
///         and revert on a witness of another length, as a real verifier reverts on a witness that does not open.
///         Never deployed outside tests.
contract OneStepVerifierDouble is IOneStepVerifier {
    function requestContext(bytes calldata promptText, uint32[] calldata outputTokens)
        external
        pure
        returns (uint32 promptTokens, bytes32 tokensHash)
    {
        bytes memory packed = new bytes(4 * (promptText.length + outputTokens.length));
        for (uint256 i = 0; i < promptText.length; i++) {
            packed[4 * i + 3] = promptText[i];
        }
        uint256 base = 4 * promptText.length;
        for (uint256 i = 0; i < outputTokens.length; i++) {
            bytes4 t = bytes4(outputTokens[i]);
            for (uint256 b = 0; b < 4; b++) {
                packed[base + 4 * i + b] = t[b];
            }
        }
        return (uint32(promptText.length), keccak256(packed));
    }

    function expectedTraceLength(bytes32, uint32, uint32, bytes calldata witness) external pure returns (uint64) {
        require(witness.length == 32, "double: witness");
        return abi.decode(witness, (uint64));
    }

    function eosToken(bytes32, bytes calldata witness) external pure returns (uint32) {
        require(witness.length == 32, "double: witness");
        return abi.decode(witness, (uint32));
    }

    function fineLength(StepContext calldata, bytes calldata witness) external pure returns (uint64) {
        require(witness.length == 32, "double: witness");
        return abi.decode(witness, (uint64));
    }

    function fineLeaf(StepContext calldata, bytes calldata witness) external pure returns (bytes32) {
        require(witness.length == 32, "double: witness");
        return abi.decode(witness, (bytes32));
    }
}
