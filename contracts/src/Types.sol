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
///      `finalizeBatch` was called). Invalidated: a dispute game invalidated the digest.
enum ReceiptStatus {
    None,
    Posted,
    Challengeable,
    Final,
    Invalidated
}
