// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @notice The receipt an executor's enclave key signs for one request, hashed as the EIP-712 struct
///         `Receipt(bytes32 requestId,bytes32 modelId,bytes32 promptHash,bytes32 paramsHash,bytes32 outputHash,
///         bytes32 traceRoot,uint64 traceLength,address executor,uint64 nonce,uint64 issuedAt)`
///         under the domain ("OTR", "1", chainId, OtrRollup). Field meanings: docs/encodings.md.
struct Receipt {
    bytes32 requestId;
    bytes32 modelId;
    bytes32 promptHash;
    bytes32 paramsHash;
    bytes32 outputHash;
    bytes32 traceRoot;
    uint64 traceLength;
    address executor;
    uint64 nonce;
    uint64 issuedAt;
}

/// @notice A receipt's state on L1, as `OtrRollup.receiptStatus` reports it.
/// @dev None: not (provably) in a posted batch. Posted: reserved — on L1 a receipt is challengeable from the
///      block its batch is posted, so `receiptStatus` never returns it today; it keeps the values aligned with
///      the off-chain lifecycle (PROVISIONAL → POSTED → CHALLENGEABLE → FINAL | INVALIDATED). Challengeable:
///      in a batch whose challenge window is open. Final: the window has elapsed (whether or not
///      `finalizeBatch` was called), or a dispute on it was settled in the executor's favour. Invalidated: a dispute
///      game invalidated the digest. Disputed: a dispute game on it is open; the window elapsing does not finalise it.
///      (Disputed is last so the earlier values keep their numbers.)
enum ReceiptStatus {
    None,
    Posted,
    Challengeable,
    Final,
    Invalidated,
    Disputed
}

/// @notice A receipt digest's dispute record in OtrRollup: at most one game per receipt, ever.
enum DisputeRecord {
    None,
    Open,
    Settled
}

/// @notice Where a dispute game stands, and so whose move it is (docs/dispute.md). Executor (defender) moves:
///         CoarseBisect, CoarseLeaf, FineCommit, FineBisect, FineLeaf. Challenger moves: CoarseRespond,
///         FineRespond, OneStep (the step itself may be sent by anyone, but a missing step counts against the
///         challenger). None: no game. Resolved: terminal.
enum DisputePhase {
    None,
    CoarseBisect,
    CoarseRespond,
    CoarseLeaf,
    FineCommit,
    FineBisect,
    FineRespond,
    FineLeaf,
    OneStep,
    Resolved
}

/// @notice Who won a resolved dispute game.
enum DisputeOutcome {
    None,
    ExecutorWins,
    ChallengerWins
}

/// @notice Why a dispute game resolved. Step: the one-step verifier ruled on the disputed fine leaf. Timeout: the
///         party whose turn it was missed its deadline. TraceLength: the receipt's traceLength is not the length an
///         honest trace of the request has. TokenMismatch: the executor's own trace emits a token that is not the
///         receipt's output token at that position.
enum DisputeReason {
    None,
    Step,
    Timeout,
    TraceLength,
    TokenMismatch,
    OutputLength,
    OutputAfterEos
}
