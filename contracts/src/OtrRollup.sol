// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ExecutorRegistry} from "./ExecutorRegistry.sol";
import {OtrMerkle} from "./lib/OtrMerkle.sol";
import {DisputeRecord, Receipt, ReceiptStatus} from "./Types.sol";
import {
    BatchAlreadyFinalized,
    BatchIndexMismatch,
    ChallengeWindowClosed,
    ChallengeWindowOpen,
    DisputeExists,
    EmptyBatch,
    InvalidSignature,
    NoOpenDispute,
    ReceiptNotInBatch,
    Unauthorized,
    UnknownBatch,
    ZeroAddress,
    ZeroChallengeWindow,
    ZeroRoot
} from "./Errors.sol";

/// @title OtrRollup
/// @notice Batches of receipt digests committed on L1. The sequencer posts one Merkle root per batch (leaf =
///         keccak256(0x00 ‖ digest), docs/encodings.md "Batch"); a batch is challengeable for `challengeWindow`
///         seconds after it was posted and final afterwards. The contract is also the EIP-712 verifying contract
///         of receipts (domain "OTR", version "1").
/// @dev Batch indices are dense and must be submitted in order (`nextBatchIndex`), which makes a re-submission
///      after a sequencer restart revert with `BatchIndexMismatch` instead of double-posting.
contract OtrRollup is Ownable, EIP712 {
    /// @notice EIP-712 type hash of `Receipt`.
    bytes32 public constant RECEIPT_TYPEHASH = keccak256(
        "Receipt(bytes32 requestId,bytes32 modelId,bytes32 promptHash,bytes32 paramsHash,bytes32 outputHash,"
        "bytes32 traceRoot,uint64 traceLength,address executor,uint64 nonce,uint64 issuedAt)"
    );

    struct Batch {
        bytes32 root;
        bytes32 dataPointer;
        uint32 count;
        uint64 postedAt;
        bool finalized;
    }

    /// @notice Seconds a batch stays challengeable after it was posted.
    uint64 public immutable challengeWindow;

    /// @notice The only account that may submit batches.
    address public sequencer;

    /// @notice The only account that may open and settle disputes, and so invalidate receipts (the dispute game).
    address public disputeGame;

    /// @notice Index the next submitted batch must carry; also the number of batches posted so far.
    uint64 public nextBatchIndex;

    /// @notice Receipt digests invalidated by the dispute game.
    mapping(bytes32 digest => bool) public invalidated;

    /// @notice Each receipt digest's dispute record: None, Open while a game runs, Settled after (never reopened).
    mapping(bytes32 digest => DisputeRecord) public disputeRecord;

    mapping(uint64 batchIndex => Batch) private _batches;

    /// @notice A batch was posted.
    /// @param batchIndex Its index.
    /// @param root Merkle root over its receipt leaves.
    /// @param count Number of receipts.
    /// @param dataPointer Where the receipts are published (opaque to L1).
    /// @param postedAt Block timestamp of the submission.
    event BatchSubmitted(uint64 indexed batchIndex, bytes32 root, uint32 count, bytes32 dataPointer, uint64 postedAt);

    /// @notice A batch was finalized.
    /// @param batchIndex Its index.
    /// @param finalizedAt Block timestamp of the finalization.
    event BatchFinalized(uint64 indexed batchIndex, uint64 finalizedAt);

    /// @notice The owner changed the sequencer.
    event SequencerSet(address indexed previous, address indexed current);

    /// @notice The owner changed the dispute game.
    event DisputeGameSet(address indexed previous, address indexed current);

    /// @notice The dispute game invalidated a receipt.
    /// @param digest The receipt's EIP-712 digest.
    event ReceiptInvalidated(bytes32 indexed digest);

    /// @notice A dispute was opened on a receipt of a batch.
    /// @param digest The receipt's EIP-712 digest.
    /// @param batchIndex Its batch.
    event ReceiptDisputed(bytes32 indexed digest, uint64 indexed batchIndex);

    /// @notice A receipt's dispute was settled.
    /// @param digest The receipt's EIP-712 digest.
    /// @param invalidated True when the executor lost (the receipt is invalidated), false when it stands (final).
    event DisputeSettled(bytes32 indexed digest, bool invalidated);

    /// @param initialOwner Sets the sequencer and the dispute game.
    /// @param challengeWindow_ Seconds a batch stays challengeable; non-zero.
    constructor(address initialOwner, uint64 challengeWindow_) Ownable(initialOwner) EIP712("OTR", "1") {
        if (challengeWindow_ == 0) revert ZeroChallengeWindow();
        challengeWindow = challengeWindow_;
    }

    // ------------------------------------------------------------------ roles

    /// @notice Sets the account allowed to submit batches. Only the owner.
    /// @param sequencer_ The new sequencer; non-zero.
    function setSequencer(address sequencer_) external onlyOwner {
        if (sequencer_ == address(0)) revert ZeroAddress();
        emit SequencerSet(sequencer, sequencer_);
        sequencer = sequencer_;
    }

    /// @notice Sets the account allowed to invalidate receipts. Only the owner.
    /// @param disputeGame_ The new dispute game; non-zero.
    function setDisputeGame(address disputeGame_) external onlyOwner {
        if (disputeGame_ == address(0)) revert ZeroAddress();
        emit DisputeGameSet(disputeGame, disputeGame_);
        disputeGame = disputeGame_;
    }

    // ------------------------------------------------------------------ batches

    /// @notice Posts a batch. Only the sequencer.
    /// @param batchIndex Must equal `nextBatchIndex`, else `BatchIndexMismatch(expected, got)`.
    /// @param root Merkle root over the batch leaves; non-zero.
    /// @param count Number of receipts; non-zero.
    /// @param dataPointer Where the receipts are published (opaque to L1).
    function submitBatch(uint64 batchIndex, bytes32 root, uint32 count, bytes32 dataPointer) external {
        if (msg.sender != sequencer) revert Unauthorized(msg.sender);
        uint64 expected = nextBatchIndex;
        if (batchIndex != expected) revert BatchIndexMismatch(expected, batchIndex);
        if (count == 0) revert EmptyBatch();
        if (root == bytes32(0)) revert ZeroRoot();

        uint64 postedAt = uint64(block.timestamp);
        _batches[batchIndex] =
            Batch({root: root, dataPointer: dataPointer, count: count, postedAt: postedAt, finalized: false});
        nextBatchIndex = expected + 1;
        emit BatchSubmitted(batchIndex, root, count, dataPointer, postedAt);
    }

    /// @notice Marks a batch final once its challenge window has elapsed
    ///         (`block.timestamp >= postedAt + challengeWindow`). Anyone may call.
    /// @param batchIndex A posted, not yet finalized batch.
    function finalizeBatch(uint64 batchIndex) external {
        Batch storage b = _posted(batchIndex);
        if (b.finalized) revert BatchAlreadyFinalized(batchIndex);
        uint256 at = uint256(b.postedAt) + challengeWindow;
        // Windows are hours to days long; a validator's few seconds of timestamp leeway do not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < at) revert ChallengeWindowOpen(batchIndex, at);
        b.finalized = true;
        emit BatchFinalized(batchIndex, uint64(block.timestamp));
    }

    /// @notice The stored batch; all fields zero for an index never posted.
    /// @param batchIndex The batch index.
    /// @return root Merkle root over the batch leaves.
    /// @return count Number of receipts.
    /// @return dataPointer Where the receipts are published.
    /// @return postedAt Block timestamp of the submission.
    /// @return finalized Whether `finalizeBatch` was called.
    function batches(uint64 batchIndex)
        external
        view
        returns (bytes32 root, uint32 count, bytes32 dataPointer, uint64 postedAt, bool finalized)
    {
        Batch storage b = _batches[batchIndex];
        return (b.root, b.count, b.dataPointer, b.postedAt, b.finalized);
    }

    /// @notice First timestamp at which the batch is final. Reverts `UnknownBatch` for an index never posted.
    /// @param batchIndex The batch index.
    function finalizesAt(uint64 batchIndex) external view returns (uint256) {
        return uint256(_posted(batchIndex).postedAt) + challengeWindow;
    }

    // ------------------------------------------------------------------ receipts

    /// @notice The EIP-712 domain separator of receipts.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice The EIP-712 digest of a receipt: keccak256(0x1901 ‖ domainSeparator ‖ structHash).
    /// @param r The receipt.
    function hashReceipt(Receipt calldata r) public view returns (bytes32 digest) {
        // Every field is static, so abi.encode lays the struct out inline: identical to encoding the fields.
        return _hashTypedDataV4(keccak256(abi.encode(RECEIPT_TYPEHASH, r)));
    }

    /// @notice The address whose key signed the receipt's digest. Reverts `InvalidSignature` for a malformed
    ///         signature (length ≠ 65, high s, v ∉ {27, 28}, or no recoverable key).
    /// @param r The receipt.
    /// @param signature 65 bytes r ‖ s ‖ v.
    function recoverSigner(Receipt calldata r, bytes calldata signature) public view returns (address) {
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(hashReceipt(r), signature);
        if (err != ECDSA.RecoverError.NoError) revert InvalidSignature();
        return signer;
    }

    /// @notice True when the signature recovers to `r.executor` and that key is registered for `r.modelId`
    ///         in `registry` (PoEA (a) and (d); (b) and (c) were checked at registration). Never reverts on a
    ///         malformed signature: returns false.
    /// @param r The receipt.
    /// @param signature 65 bytes r ‖ s ‖ v.
    /// @param registry The executor registry to check against.
    function verifyReceipt(Receipt calldata r, bytes calldata signature, ExecutorRegistry registry)
        external
        view
        returns (bool)
    {
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(hashReceipt(r), signature);
        return err == ECDSA.RecoverError.NoError && signer == r.executor && registry.isRegistered(signer, r.modelId);
    }

    /// @notice The batch leaf of a receipt digest: keccak256(0x00 ‖ digest).
    /// @param digest The receipt's EIP-712 digest.
    function batchLeaf(bytes32 digest) external pure returns (bytes32) {
        return OtrMerkle.leaf(digest);
    }

    /// @notice True when `digest` is the `index`-th receipt of posted batch `batchIndex`. The proof lists the
    ///         siblings bottom-up and must be exactly ceil(log2(count)) long; false for unknown batches.
    /// @param batchIndex The batch index.
    /// @param digest The receipt's EIP-712 digest.
    /// @param index Position of the receipt in the batch, below its count.
    /// @param proof Sibling hashes from the leaf up.
    function verifyInclusion(uint64 batchIndex, bytes32 digest, uint256 index, bytes32[] calldata proof)
        public
        view
        returns (bool)
    {
        if (batchIndex >= nextBatchIndex) return false;
        Batch storage b = _batches[batchIndex];
        return OtrMerkle.verify(b.root, b.count, OtrMerkle.leaf(digest), index, proof);
    }

    /// @notice The receipt's L1 state: None unless the proof shows it in posted batch `batchIndex`; then
    ///         Invalidated if the dispute game invalidated its digest, Disputed while a dispute on it is open (however
    ///         long that takes: a disputed receipt never finalises by time), Final once a dispute on it settled in
    ///         the executor's favour or `block.timestamp >= postedAt + challengeWindow` (even if nobody called
    ///         `finalizeBatch` — finality is a matter of time, the call only records it), Challengeable before.
    /// @param batchIndex The batch index.
    /// @param digest The receipt's EIP-712 digest.
    /// @param index Position of the receipt in the batch.
    /// @param proof Sibling hashes from the leaf up.
    function receiptStatus(uint64 batchIndex, bytes32 digest, uint256 index, bytes32[] calldata proof)
        external
        view
        returns (ReceiptStatus)
    {
        if (!verifyInclusion(batchIndex, digest, index, proof)) return ReceiptStatus.None;
        if (invalidated[digest]) return ReceiptStatus.Invalidated;
        DisputeRecord record = disputeRecord[digest];
        if (record == DisputeRecord.Open) return ReceiptStatus.Disputed;
        if (record == DisputeRecord.Settled) return ReceiptStatus.Final;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= uint256(_batches[batchIndex].postedAt) + challengeWindow) return ReceiptStatus.Final;
        return ReceiptStatus.Challengeable;
    }

    /// @notice Opens the dispute record of a receipt. Only the dispute game, which checks everything else. The
    ///         receipt must be in posted batch `batchIndex` (proof as in `verifyInclusion`), the batch's challenge
    ///         window open (`block.timestamp < postedAt + challengeWindow`), and the digest never disputed before.
    /// @param batchIndex The batch.
    /// @param digest The receipt's EIP-712 digest.
    /// @param index Position of the receipt in the batch.
    /// @param proof Sibling hashes from the leaf up.
    function openDispute(uint64 batchIndex, bytes32 digest, uint256 index, bytes32[] calldata proof) external {
        if (msg.sender != disputeGame) revert Unauthorized(msg.sender);
        if (!verifyInclusion(batchIndex, digest, index, proof)) revert ReceiptNotInBatch(batchIndex, digest);
        if (disputeRecord[digest] != DisputeRecord.None) revert DisputeExists(digest);
        uint256 closesAt = uint256(_batches[batchIndex].postedAt) + challengeWindow;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= closesAt) revert ChallengeWindowClosed(batchIndex, closesAt);
        disputeRecord[digest] = DisputeRecord.Open;
        emit ReceiptDisputed(digest, batchIndex);
    }

    /// @notice Settles an open dispute. Only the dispute game. `invalidate` marks the receipt INVALIDATED (the
    ///         executor lost); otherwise the receipt is final from now on. The rest of its batch is unaffected.
    /// @param digest The receipt's EIP-712 digest.
    /// @param invalidate Whether the executor lost.
    function settleDispute(bytes32 digest, bool invalidate) external {
        if (msg.sender != disputeGame) revert Unauthorized(msg.sender);
        if (disputeRecord[digest] != DisputeRecord.Open) revert NoOpenDispute(digest);
        disputeRecord[digest] = DisputeRecord.Settled;
        if (invalidate) {
            invalidated[digest] = true;
            emit ReceiptInvalidated(digest);
        }
        emit DisputeSettled(digest, invalidate);
    }

    function _posted(uint64 batchIndex) private view returns (Batch storage b) {
        if (batchIndex >= nextBatchIndex) revert UnknownBatch(batchIndex);
        b = _batches[batchIndex];
    }
}
