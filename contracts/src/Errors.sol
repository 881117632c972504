// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

// Every custom error of the OTR contracts, in one place (contracts style guide). Off-chain code
// decodes reverts by these selectors, so a change here is an ABI change: re-export the artifacts.

// ---------------------------------------------------------------- shared

/// @notice An address argument that must be set was zero.
error ZeroAddress();

/// @notice The caller lacks the role the function needs.
/// @param caller The rejected caller.
error Unauthorized(address caller);

// ---------------------------------------------------------------- ModelRegistry

/// @notice A model id of zero is never valid.
error ZeroModelId();

/// @notice A weights root of zero is never valid.
error ZeroWeightsRoot();

/// @notice A model needs a non-empty execution profile (e.g. "q8-exact").
error EmptyProfile();

/// @notice The model id is already registered; registrations are immutable.
/// @param modelId The duplicate id.
error ModelAlreadyRegistered(bytes32 modelId);

/// @notice No model is registered under this id.
/// @param modelId The unknown id.
error UnknownModel(bytes32 modelId);

// ---------------------------------------------------------------- ExecutorRegistry

/// @notice The stake sent is below the registry's minimum.
/// @param sent Wei sent with the call.
/// @param minimum The registry's minimum stake in wei.
error InsufficientStake(uint256 sent, uint256 minimum);

/// @notice The measurement is not on the owner's allow-list.
/// @param measurement The rejected measurement.
error MeasurementNotAllowed(bytes32 measurement);

/// @notice The attestation verifier rejected the evidence for this key, measurement and weights root.
error InvalidAttestation();

/// @notice The enclave key already has a registration (a key serves exactly one model).
/// @param enclaveKey The key.
error EnclaveKeyAlreadyRegistered(address enclaveKey);

/// @notice The enclave key has no registration.
/// @param enclaveKey The key.
error UnknownEnclaveKey(address enclaveKey);

/// @notice Adding stake needs a non-zero amount.
error ZeroStake();

// ---------------------------------------------------------------- OtrRollup

/// @notice A challenge window of zero would make every batch final at once.
error ZeroChallengeWindow();

/// @notice The batch index is not the next one the rollup expects. A restarted sequencer reads
///         `nextBatchIndex` (or this error) to learn what it already posted.
/// @param expected The rollup's `nextBatchIndex`.
/// @param got The index the caller submitted.
error BatchIndexMismatch(uint64 expected, uint64 got);

/// @notice A batch must hold at least one receipt.
error EmptyBatch();

/// @notice A batch root of zero is never valid.
error ZeroRoot();

/// @notice No batch has been posted under this index.
/// @param batchIndex The index.
error UnknownBatch(uint64 batchIndex);

/// @notice The batch's challenge window has not elapsed yet.
/// @param batchIndex The batch.
/// @param finalizesAt The first timestamp at which it may be finalized.
error ChallengeWindowOpen(uint64 batchIndex, uint256 finalizesAt);

/// @notice The batch was already finalized.
/// @param batchIndex The batch.
error BatchAlreadyFinalized(uint64 batchIndex);

/// @notice The signature is malformed: wrong length, high s, bad v, or it recovers to no address.
error InvalidSignature();

/// @notice The receipt digest was already invalidated.
/// @param digest The receipt digest.
error ReceiptAlreadyInvalidated(bytes32 digest);
