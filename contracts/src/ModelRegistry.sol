// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {EmptyProfile, ModelAlreadyRegistered, UnknownModel, ZeroModelId, ZeroWeightsRoot} from "./Errors.sol";

/// @title ModelRegistry
/// @notice The L1 commitment to each model an executor may serve: its weights root (Merkle root over the
///         weight rows, docs/encodings.md "Weights root"), tokenizer digest, execution profile and price.
///         Receipts name a model by `modelId = keccak256(utf8(name))`; PoEA (d) maps that id to the weights
///         root the executor's attestation committed to. Registrations are immutable: a new model version
///         is a new id.
contract ModelRegistry is Ownable {
    /// @notice One registered model.
    /// @param weightsRoot Positional Merkle root over the model's weight rows.
    /// @param tokenizerDigest keccak256 of the tokenizer definition.
    /// @param pricePerToken Price in wei per generated token.
    /// @param registeredAt Block timestamp of the registration (non-zero for every registered model).
    /// @param profile Execution profile, e.g. "q8-exact" or "fp-attested".
    struct Model {
        bytes32 weightsRoot;
        bytes32 tokenizerDigest;
        uint256 pricePerToken;
        uint64 registeredAt;
        string profile;
    }

    mapping(bytes32 modelId => Model) private _models;
    bytes32[] private _modelIds;

    /// @notice A model was registered.
    /// @param modelId The model id.
    /// @param weightsRoot Its weights root.
    /// @param tokenizerDigest Its tokenizer digest.
    /// @param profile Its execution profile.
    /// @param pricePerToken Its price in wei per generated token.
    event ModelRegistered(
        bytes32 indexed modelId, bytes32 weightsRoot, bytes32 tokenizerDigest, string profile, uint256 pricePerToken
    );

    /// @param initialOwner The account allowed to register models.
    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @notice Registers a model. Only the owner.
    /// @param modelId keccak256 of the model name; non-zero and not yet registered.
    /// @param weightsRoot Merkle root over the weight rows; non-zero.
    /// @param tokenizerDigest keccak256 of the tokenizer definition.
    /// @param profile Execution profile; non-empty.
    /// @param pricePerToken Price in wei per generated token.
    function registerModel(
        bytes32 modelId,
        bytes32 weightsRoot,
        bytes32 tokenizerDigest,
        string calldata profile,
        uint256 pricePerToken
    ) external onlyOwner {
        if (modelId == bytes32(0)) revert ZeroModelId();
        if (weightsRoot == bytes32(0)) revert ZeroWeightsRoot();
        if (bytes(profile).length == 0) revert EmptyProfile();
        if (_models[modelId].registeredAt != 0) revert ModelAlreadyRegistered(modelId);

        _models[modelId] = Model({
            weightsRoot: weightsRoot,
            tokenizerDigest: tokenizerDigest,
            pricePerToken: pricePerToken,
            registeredAt: uint64(block.timestamp),
            profile: profile
        });
        _modelIds.push(modelId);
        emit ModelRegistered(modelId, weightsRoot, tokenizerDigest, profile, pricePerToken);
    }

    /// @notice True when a model is registered under the id.
    /// @param modelId The model id.
    function isRegistered(bytes32 modelId) external view returns (bool) {
        return _models[modelId].registeredAt != 0;
    }

    /// @notice The registered model. Reverts `UnknownModel` when there is none.
    /// @param modelId The model id.
    function getModel(bytes32 modelId) external view returns (Model memory) {
        return _get(modelId);
    }

    /// @notice The model's weights root. Reverts `UnknownModel` when there is none.
    /// @param modelId The model id.
    function weightsRootOf(bytes32 modelId) external view returns (bytes32) {
        return _get(modelId).weightsRoot;
    }

    /// @notice The model's price in wei per generated token. Reverts `UnknownModel` when there is none.
    /// @param modelId The model id.
    function pricePerTokenOf(bytes32 modelId) external view returns (uint256) {
        return _get(modelId).pricePerToken;
    }

    /// @notice Number of registered models.
    function modelCount() external view returns (uint256) {
        return _modelIds.length;
    }

    /// @notice The id of the `index`-th registered model, in registration order.
    /// @param index Zero-based; reverts (panic 0x32) past `modelCount()`.
    function modelIdAt(uint256 index) external view returns (bytes32) {
        return _modelIds[index];
    }

    function _get(bytes32 modelId) private view returns (Model storage m) {
        m = _models[modelId];
        if (m.registeredAt == 0) revert UnknownModel(modelId);
    }
}
