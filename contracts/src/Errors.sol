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

/// @notice The receipt is not (provably) in the posted batch named.
/// @param batchIndex The batch.
/// @param digest The receipt digest.
error ReceiptNotInBatch(uint64 batchIndex, bytes32 digest);

/// @notice The batch's challenge window has elapsed: the receipt can no longer be disputed.
/// @param batchIndex The batch.
/// @param closedAt The first timestamp at which disputes were refused.
error ChallengeWindowClosed(uint64 batchIndex, uint256 closedAt);

/// @notice The receipt was already disputed (one game per receipt, ever).
/// @param digest The receipt digest.
error DisputeExists(bytes32 digest);

/// @notice The receipt has no open dispute.
/// @param digest The receipt digest.
error NoOpenDispute(bytes32 digest);

// ---------------------------------------------------------------- DisputeGame

/// @notice The receipt's signature does not recover to its executor, or that key is not registered for its model.
/// @param executor The receipt's executor field.
error ReceiptNotVerified(address executor);

/// @notice keccak(promptText) is not the receipt's promptHash.
error PromptMismatch();

/// @notice keccak(uint32 tokens...) of the output tokens is not the receipt's outputHash.
error OutputMismatch();

/// @notice keccak(abi.encode(maxTokens, temperatureMilli, seed)) is not the receipt's paramsHash.
error ParamsMismatch();

/// @notice The challenger's trace root equals the receipt's (or is zero): there is nothing to dispute.
error NoDisagreement();

/// @notice The value sent is not the game's bond.
/// @param sent Wei sent.
/// @param required The bond in wei.
error WrongBond(uint256 sent, uint256 required);

/// @notice No dispute game was opened on this receipt digest.
/// @param digest The receipt digest.
error UnknownGame(bytes32 digest);

/// @notice The move is not legal in the game's phase.
/// @param digest The game.
/// @param phase The game's phase (DisputePhase).
error WrongPhase(bytes32 digest, uint8 phase);

/// @notice The move came at or after its deadline (the late party has lost; anyone may call `timeout`).
/// @param digest The game.
/// @param deadline The first timestamp at which the move was late.
error DeadlinePassed(bytes32 digest, uint64 deadline);

/// @notice `timeout` was called before the deadline.
/// @param digest The game.
/// @param deadline The first timestamp at which `timeout` is accepted.
error DeadlineNotReached(bytes32 digest, uint64 deadline);

/// @notice The revealed leaf and peaks do not lead from the agreed prefix root to the disputed one
///         (TraceMmr.verifyAppend fails).
error InvalidAppend();

/// @notice The one-step verifier reports a fine trace of zero leaves for the disputed coarse step.
error EmptyFineTrace();

/// @notice The trace-length proof failed: the receipt's traceLength is the expected one.
/// @param traceLength The receipt's (correct) traceLength.
error TraceLengthCorrect(uint64 traceLength);

/// @notice The token-mismatch proof failed: bad opening, not an emit leaf of an emitting position, or the token is
///         the receipt's.
error NoTokenMismatch();

/// @notice proveOutputAfterEos: no output token before the last one is the model's EOS.
error NoOutputAfterEos();

/// @notice A game parameter is outside its bounds.
/// @param name The parameter.
/// @param value The rejected value.
error ParameterOutOfRange(string name, uint256 value);

/// @notice The account has nothing to withdraw.
error NothingToWithdraw();

/// @notice An ether transfer failed.
/// @param to The recipient.
/// @param amount Wei.
error TransferFailed(address to, uint256 amount);

// ---------------------------------------------------------------- CommitteeAttestationVerifier

/// @notice The committee configuration is not usable: no members, a zero or duplicate member, members not in
///         ascending order, or a threshold of zero or above the member count.
error InvalidCommittee();

/// @notice The approval age bound must be positive.
error InvalidApprovalAge();
