// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @notice What the dispute game has established when it asks for one step of the q8-exact computation.
///         Everything here is either a receipt field, a value the game checked at open, or a root both parties
///         agreed on during bisection; the verifier trusts nothing else (every other input comes in the witness and
///         is opened against these roots).
struct StepContext {
    /// @dev ModelRegistry's registered weights root for the receipt's model (model tensors, tables and config).
    bytes32 weightsRoot;
    /// @dev receipt.paramsHash = keccak(abi.encode(uint32 maxTokens, uint32 temperatureMilli, uint64 seed)).
    bytes32 paramsHash;
    /// @dev keccak(abi.encodePacked(uint32 token, ...)) over the processed request: prompt tokens, then output tokens
    ///      (as returned by requestContext at open).
    bytes32 tokensHash;
    /// @dev Number of prompt tokens n (BOS included) and of output tokens g.
    uint32 promptTokens;
    uint32 outputTokens;
    /// @dev The disputed coarse leaf k (0-based, docs/encodings.md order) and the agreed prefix root of coarse
    ///      leaves [0, k).
    uint64 coarseIndex;
    bytes32 coarsePrefixRoot;
    /// @dev The disputed fine leaf i of coarse step k, and the agreed prefix root of fine leaves [0, i) of that step
    ///      (TraceMmr, same rule as the coarse trace).
    uint64 fineIndex;
    bytes32 finePrefixRoot;
}

/// @title IOneStepVerifier
/// @notice Recomputes one fine step of the q8-exact computation on L1. The fine trace of coarse step k is a
///         sequence of fine leaves whose last leaf is the coarse leaf k hash itself, so a disagreement on coarse
///         leaf k always narrows to one fine leaf. Implementations are pure functions of (context, witness): any
///         two valid witnesses for the same context give the same answer, and an invalid witness reverts.
interface IOneStepVerifier {
    /// @notice Checks the request a dispute is about and returns what the game stores: the prompt token count and
    ///         the hash of the processed tokens. The game has already checked keccak(promptText) == receipt.promptHash
    ///         and keccak(abi.encodePacked(uint32 outputTokens...)) == receipt.outputHash.
    function requestContext(bytes calldata promptText, uint32[] calldata outputTokens)
        external
        view
        returns (uint32 promptTokens, bytes32 tokensHash);

    /// @notice The number of coarse leaves an honest trace of this request has; a receipt claiming another
    ///         traceLength is fraudulent on its face. `witness` opens the model config against the weights root.
    function expectedTraceLength(bytes32 weightsRoot, uint32 promptTokens, uint32 outputTokens, bytes calldata witness)
        external
        view
        returns (uint64);

    /// @notice The model's end-of-sequence token id. `witness` opens the model config against the weights root.
    function eosToken(bytes32 weightsRoot, bytes calldata witness) external view returns (uint32);

    /// @notice The number of fine leaves of coarse step ctx.coarseIndex (ctx.fineIndex and ctx.finePrefixRoot are
    ///         ignored). `witness` opens the model config against the weights root.
    function fineLength(StepContext calldata ctx, bytes calldata witness) external view returns (uint64);

    /// @notice The correct hash of fine leaf ctx.fineIndex of coarse step ctx.coarseIndex, recomputed from inputs the
    ///         witness opens against ctx.coarsePrefixRoot (earlier coarse leaves), ctx.finePrefixRoot (earlier fine
    ///         leaves of this step), ctx.weightsRoot (weight rows, tables, config), ctx.tokensHash and ctx.paramsHash.
    ///         Reverts when the witness does not open against those commitments.
    function fineLeaf(StepContext calldata ctx, bytes calldata witness) external view returns (bytes32);
}
