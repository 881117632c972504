// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ExecutorRegistry} from "./ExecutorRegistry.sol";
import {IOneStepVerifier, StepContext} from "./IOneStepVerifier.sol";
import {OtrRollup} from "./OtrRollup.sol";
import {TraceMmr} from "./lib/TraceMmr.sol";
import {DisputeOutcome, DisputePhase, DisputeReason, Receipt} from "./Types.sol";
import {
    DeadlineNotReached,
    DeadlinePassed,
    EmptyFineTrace,
    InvalidAppend,
    NoDisagreement,
    NoOutputAfterEos,
    NoTokenMismatch,
    NothingToWithdraw,
    OutputMismatch,
    ParameterOutOfRange,
    ParamsMismatch,
    PromptMismatch,
    ReceiptNotVerified,
    TraceLengthCorrect,
    TransferFailed,
    Unauthorized,
    UnknownGame,
    WrongBond,
    WrongPhase,
    ZeroAddress
} from "./Errors.sol";

/// @notice Everything a challenger sends to open a dispute on one receipt.
struct DisputeOpening {
    /// @dev The receipt and its enclave signature (65 bytes r ‖ s ‖ v).
    Receipt receipt;
    bytes signature;
    /// @dev Where the receipt sits in a posted batch (OtrRollup.verifyInclusion).
    uint64 batchIndex;
    uint256 leafIndex;
    bytes32[] inclusionProof;
    /// @dev The request: prompt text (keccak = promptHash), output tokens (packed uint32 keccak = outputHash) and
    ///      decoding parameters (abi.encode keccak = paramsHash).
    bytes promptText;
    uint32[] outputTokens;
    uint32 maxTokens;
    uint32 temperatureMilli;
    uint64 seed;
    /// @dev The challenger's own trace root; must differ from the receipt's (informational afterwards).
    bytes32 challengerRoot;
}

/// @notice The instant token-mismatch proof: an opening of one leaf of the executor's own coarse trace (against the
///         receipt's traceRoot over traceLength leaves) whose payload is uint32(position) ‖ uint32(step) ‖
///         uint32(token) with step ≥ 1, at an emitting position, and whose token is not the receipt's output token
///         of that position.
struct TokenMismatchProof {
    uint64 leafIndex;
    uint32 position;
    uint32 step;
    uint32 token;
    bytes32[] siblings;
    bytes32[] peaks;
    /// @dev The receipt's output tokens again (checked against its outputHash).
    uint32[] outputTokens;
}

/// @notice One dispute game, keyed by the receipt digest. Fields after `bond` change as the game moves.
struct Game {
    address challenger;
    /// @dev The executor's operator (registry) plays the executor's moves and receives a lost bond.
    address operator;
    /// @dev The receipt's enclave key (slashed when the executor loses).
    address executor;
    uint64 traceLength;
    uint64 moveTimeout;
    uint16 challengerRewardBps;
    uint32 promptTokens;
    uint32 outputTokens;
    bytes32 traceRoot;
    bytes32 challengerRoot;
    bytes32 weightsRoot;
    bytes32 paramsHash;
    bytes32 outputHash;
    bytes32 tokensHash;
    uint256 bond;
    DisputePhase phase;
    DisputeOutcome outcome;
    DisputeReason reason;
    /// @dev First timestamp at which the pending move is late.
    uint64 deadline;
    /// @dev Bisection range of the current level: prefix root `lo` agreed, prefix root `hi` disputed; `midRoot` the
    ///      executor's root at lo + (hi - lo) / 2 while the challenger's answer is pending.
    uint64 lo;
    uint64 hi;
    bytes32 loRoot;
    bytes32 hiRoot;
    bytes32 midRoot;
    /// @dev The disputed coarse step k, the agreed prefix root P_k and the executor's leaf k.
    uint64 coarseIndex;
    bytes32 coarsePrefixRoot;
    bytes32 coarseLeaf;
    /// @dev The fine trace of step k: its length m and the executor's root F over all m leaves.
    uint64 fineLength;
    bytes32 fineRoot;
    /// @dev The disputed fine leaf i, the agreed prefix root F_i and the executor's fine leaf i.
    uint64 fineIndex;
    bytes32 finePrefixRoot;
    bytes32 fineLeaf;
}

/// @title DisputeGame
/// @notice The fraud proof of docs/dispute.md. A challenger bonds and opens a game on one posted receipt inside its
///         challenge window; the executor's operator (defender) and the challenger then alternate moves, each before
///         a deadline: bisection over the coarse trace down to one coarse step k, the executor's fine trace of k,
///         bisection over it down to one fine leaf i, and the one-step verifier's ruling on leaf i. Two instant
///         proofs end a game at once (trace length, token mismatch). The party whose turn it is and who misses its
///         deadline loses; anyone may call `timeout`. Executor loses: its whole stake is slashed (challenger reward
///         share, rest burned — held here forever, no function moves it), the bond goes back to the challenger, and
///         OtrRollup invalidates that one receipt. Challenger loses: its bond goes to the executor's operator.
///         Payouts are pull payments (`withdraw`).
/// @dev Bisection always asks for the prefix root at lo + (hi - lo) / 2, so a level of n leaves takes at most
///      ceil(log2 n) rounds. Parameters (bond, move timeout, reward share) are copied into a game when it opens.
contract DisputeGame is Ownable {
    /// @notice Basis points in one.
    uint16 public constant BPS = 10_000;
    /// @notice Bounds of the owner's parameters.
    uint256 public constant MAX_BOND = 1_000 ether;
    uint64 public constant MIN_MOVE_TIMEOUT = 60;
    uint64 public constant MAX_MOVE_TIMEOUT = 30 days;

    /// @notice The rollup whose receipts are disputed (EIP-712 verifying contract, batches, dispute records).
    OtrRollup public immutable rollup;
    /// @notice The executor registry (signer registration, operators, stake to slash).
    ExecutorRegistry public immutable registry;
    /// @notice The one-step verifier (request context, expected trace length, fine length, fine leaves).
    IOneStepVerifier public immutable verifier;

    /// @notice Wei a challenger must send to open a game.
    uint256 public bond;
    /// @notice Seconds each party has for its move.
    uint64 public moveTimeout;
    /// @notice Share of a slashed stake credited to the winning challenger, in basis points; the rest is burned.
    uint16 public challengerRewardBps;

    /// @notice Bonds of unresolved games, credits owed (not yet withdrawn) and burned wei; together they are this
    ///         contract's balance.
    uint256 public totalBonded;
    uint256 public totalCredited;
    uint256 public totalBurned;

    /// @notice Wei each account may withdraw.
    mapping(address account => uint256) public credits;

    mapping(bytes32 digest => Game) private _games;

    /// @notice The owner changed a parameter.
    event ParametersSet(uint256 bond, uint64 moveTimeout, uint16 challengerRewardBps);

    /// @notice A game was opened. With the receipt (from the rollup's data) this is all an agent needs to rebuild
    ///         the game's starting state.
    event DisputeOpened(
        bytes32 indexed digest,
        address indexed challenger,
        address indexed executor,
        address operator,
        bytes32 challengerRoot,
        uint32 promptTokens,
        uint32 outputTokens,
        bytes32 tokensHash,
        uint256 bond,
        uint64 moveTimeout,
        uint16 challengerRewardBps,
        uint64 deadline
    );

    /// @notice The executor revealed its prefix root at `index` of the current level (coarse or fine).
    event Bisected(bytes32 indexed digest, DisputePhase phase, uint64 index, bytes32 root, uint64 deadline);

    /// @notice The challenger agreed or disagreed with the revealed root; the range is now [lo, hi].
    event Responded(bytes32 indexed digest, DisputePhase phase, bool agree, uint64 lo, uint64 hi, uint64 deadline);

    /// @notice The executor revealed its leaf `index` (coarse step k, or fine leaf i).
    event LeafRevealed(bytes32 indexed digest, DisputePhase phase, uint64 index, bytes32 leaf, uint64 deadline);

    /// @notice The executor committed its fine trace of coarse step k.
    event FineCommitted(bytes32 indexed digest, uint64 fineLength, bytes32 fineRoot, uint64 deadline);

    /// @notice The game ended.
    /// @param slashed Wei slashed from the executor's stake (0 when it won).
    /// @param reward Part of `slashed` credited to the challenger.
    /// @param burned Part of `slashed` burned.
    event DisputeResolved(
        bytes32 indexed digest,
        DisputeOutcome outcome,
        DisputeReason reason,
        uint256 slashed,
        uint256 reward,
        uint256 burned
    );

    /// @notice An account withdrew its credit.
    event Withdrawn(address indexed account, uint256 amount);

    /// @param initialOwner Sets the parameters.
    /// @param rollup_ The rollup; non-zero.
    /// @param registry_ The executor registry; non-zero.
    /// @param verifier_ The one-step verifier; non-zero.
    /// @param bond_ Challenger bond in wei, 1 ≤ bond ≤ MAX_BOND.
    /// @param moveTimeout_ Seconds per move, MIN_MOVE_TIMEOUT ≤ t ≤ MAX_MOVE_TIMEOUT.
    /// @param challengerRewardBps_ Challenger's share of a slash, ≤ BPS.
    constructor(
        address initialOwner,
        OtrRollup rollup_,
        ExecutorRegistry registry_,
        IOneStepVerifier verifier_,
        uint256 bond_,
        uint64 moveTimeout_,
        uint16 challengerRewardBps_
    ) Ownable(initialOwner) {
        if (address(rollup_) == address(0) || address(registry_) == address(0) || address(verifier_) == address(0)) {
            revert ZeroAddress();
        }
        rollup = rollup_;
        registry = registry_;
        verifier = verifier_;
        _setParameters(bond_, moveTimeout_, challengerRewardBps_);
    }

    /// @notice Accepts slashed stake from the registry only.
    receive() external payable {
        if (msg.sender != address(registry)) revert Unauthorized(msg.sender);
    }

    // ------------------------------------------------------------------ parameters

    /// @notice Sets the parameters of games opened from now on. Only the owner. Bounds as in the constructor.
    function setParameters(uint256 bond_, uint64 moveTimeout_, uint16 challengerRewardBps_) external onlyOwner {
        _setParameters(bond_, moveTimeout_, challengerRewardBps_);
    }

    function _setParameters(uint256 bond_, uint64 moveTimeout_, uint16 challengerRewardBps_) private {
        if (bond_ == 0 || bond_ > MAX_BOND) revert ParameterOutOfRange("bond", bond_);
        if (moveTimeout_ < MIN_MOVE_TIMEOUT || moveTimeout_ > MAX_MOVE_TIMEOUT) {
            revert ParameterOutOfRange("moveTimeout", moveTimeout_);
        }
        if (challengerRewardBps_ > BPS) revert ParameterOutOfRange("challengerRewardBps", challengerRewardBps_);
        bond = bond_;
        moveTimeout = moveTimeout_;
        challengerRewardBps = challengerRewardBps_;
        emit ParametersSet(bond_, moveTimeout_, challengerRewardBps_);
    }

    // ------------------------------------------------------------------ open

    /// @notice Opens the game on `o.receipt` with `msg.value == bond`; the caller is the challenger. Checks: the
    ///         signature recovers to the receipt's executor, registered for its model; the receipt is in the posted
    ///         batch and its window is open and it was never disputed (OtrRollup.openDispute); prompt, output and
    ///         parameters match the receipt's hashes; the challenger's root differs from the receipt's.
    ///         A receipt whose output is empty or longer than its own signed `maxTokens` cannot come from an honest
    ///         decode whatever its trace says: the game opens and resolves at once for the challenger
    ///         (reason OutputLength).
    /// @return digest The receipt digest (the game's id).
    function open(DisputeOpening calldata o) external payable returns (bytes32 digest) {
        if (msg.value != bond) revert WrongBond(msg.value, bond);
        Receipt calldata r = o.receipt;
        if (!rollup.verifyReceipt(r, o.signature, registry)) revert ReceiptNotVerified(r.executor);
        digest = rollup.hashReceipt(r);
        rollup.openDispute(o.batchIndex, digest, o.leafIndex, o.inclusionProof);
        if (keccak256(o.promptText) != r.promptHash) revert PromptMismatch();
        if (hashTokens(o.outputTokens) != r.outputHash) revert OutputMismatch();
        if (keccak256(abi.encode(o.maxTokens, o.temperatureMilli, o.seed)) != r.paramsHash) revert ParamsMismatch();
        if (o.challengerRoot == r.traceRoot || o.challengerRoot == bytes32(0)) revert NoDisagreement();
        (uint32 promptTokens, bytes32 tokensHash) = verifier.requestContext(o.promptText, o.outputTokens);

        Game storage g = _games[digest];
        g.challenger = msg.sender;
        g.operator = registry.registrationOf(r.executor).operator;
        g.executor = r.executor;
        g.traceLength = r.traceLength;
        g.moveTimeout = moveTimeout;
        g.challengerRewardBps = challengerRewardBps;
        g.promptTokens = promptTokens;
        g.outputTokens = uint32(o.outputTokens.length);
        g.traceRoot = r.traceRoot;
        g.challengerRoot = o.challengerRoot;
        g.weightsRoot = registry.models().weightsRootOf(r.modelId);
        g.paramsHash = r.paramsHash;
        g.outputHash = r.outputHash;
        g.tokensHash = tokensHash;
        g.bond = msg.value;
        g.lo = 0;
        g.loRoot = TraceMmr.emptyRoot();
        g.hi = r.traceLength;
        g.hiRoot = r.traceRoot;
        // One leaf: nothing to bisect, the executor reveals leaf 0. Zero leaves: no executor move exists, so the
        // executor loses by timeout unless a trace-length proof comes first.
        g.phase = r.traceLength == 1 ? DisputePhase.CoarseLeaf : DisputePhase.CoarseBisect;
        g.deadline = uint64(block.timestamp) + g.moveTimeout;
        totalBonded += msg.value;
        emit DisputeOpened(
            digest,
            msg.sender,
            r.executor,
            g.operator,
            o.challengerRoot,
            promptTokens,
            g.outputTokens,
            tokensHash,
            msg.value,
            g.moveTimeout,
            g.challengerRewardBps,
            g.deadline
        );
        if (o.outputTokens.length == 0 || o.outputTokens.length > o.maxTokens) {
            _resolve(digest, g, DisputeOutcome.ChallengerWins, DisputeReason.OutputLength);
        }
    }

    // ------------------------------------------------------------------ moves

    /// @notice Executor: reveals its prefix root at lo + (hi - lo) / 2 of the current level. Phase CoarseBisect or
    ///         FineBisect.
    function bisect(bytes32 digest, bytes32 root) external {
        Game storage g = _onTime(digest);
        _onlyOperator(g);
        DisputePhase next;
        if (g.phase == DisputePhase.CoarseBisect) next = DisputePhase.CoarseRespond;
        else if (g.phase == DisputePhase.FineBisect) next = DisputePhase.FineRespond;
        else revert WrongPhase(digest, uint8(g.phase));
        // Only a zero-length trace has nothing to bisect (its executor has no move; see open).
        if (g.hi - g.lo < 2) revert WrongPhase(digest, uint8(g.phase));
        g.midRoot = root;
        g.phase = next;
        g.deadline = uint64(block.timestamp) + g.moveTimeout;
        emit Bisected(digest, next, g.lo + (g.hi - g.lo) / 2, root, g.deadline);
    }

    /// @notice Challenger: agrees (the range moves up to [mid, hi]) or disagrees ([lo, mid]) with the revealed root.
    ///         Phase CoarseRespond or FineRespond. A range of one leaf asks the executor for that leaf.
    function respond(bytes32 digest, bool agree) external {
        Game storage g = _onTime(digest);
        if (msg.sender != g.challenger) revert Unauthorized(msg.sender);
        bool fine;
        if (g.phase == DisputePhase.CoarseRespond) fine = false;
        else if (g.phase == DisputePhase.FineRespond) fine = true;
        else revert WrongPhase(digest, uint8(g.phase));
        uint64 mid = g.lo + (g.hi - g.lo) / 2;
        if (agree) {
            g.lo = mid;
            g.loRoot = g.midRoot;
        } else {
            g.hi = mid;
            g.hiRoot = g.midRoot;
        }
        g.midRoot = bytes32(0);
        bool last = g.hi - g.lo == 1;
        g.phase = fine
            ? (last ? DisputePhase.FineLeaf : DisputePhase.FineBisect)
            : (last ? DisputePhase.CoarseLeaf : DisputePhase.CoarseBisect);
        g.deadline = uint64(block.timestamp) + g.moveTimeout;
        emit Responded(digest, g.phase, agree, g.lo, g.hi, g.deadline);
    }

    /// @notice Executor: reveals its leaf `lo` of the current level, bound by TraceMmr.verifyAppend from the agreed
    ///         root at lo (with `peaks`, its peaks) to the disputed root at hi = lo + 1. Phase CoarseLeaf (then the
    ///         executor commits the fine trace) or FineLeaf (then the step is due).
    function revealLeaf(bytes32 digest, bytes32 leaf, bytes32[] calldata peaks) external {
        Game storage g = _onTime(digest);
        _onlyOperator(g);
        DisputePhase phase = g.phase;
        if (phase != DisputePhase.CoarseLeaf && phase != DisputePhase.FineLeaf) {
            revert WrongPhase(digest, uint8(phase));
        }
        if (!TraceMmr.verifyAppend(g.loRoot, g.lo, peaks, leaf, g.hiRoot)) revert InvalidAppend();
        if (phase == DisputePhase.CoarseLeaf) {
            g.coarseIndex = g.lo;
            g.coarsePrefixRoot = g.loRoot;
            g.coarseLeaf = leaf;
            g.phase = DisputePhase.FineCommit;
        } else {
            g.fineIndex = g.lo;
            g.finePrefixRoot = g.loRoot;
            g.fineLeaf = leaf;
            g.phase = DisputePhase.OneStep;
        }
        g.deadline = uint64(block.timestamp) + g.moveTimeout;
        emit LeafRevealed(digest, phase, g.lo, leaf, g.deadline);
    }

    /// @notice Executor: commits its fine trace of coarse step k: root `fineRoot` over m = verifier.fineLength
    ///         leaves whose last leaf is the revealed coarse leaf k (verifyAppend from `lastRoot` over m - 1 leaves,
    ///         with `lastPeaks`, to `fineRoot`). Phase FineCommit. `witness` opens the model config for fineLength.
    function commitFine(
        bytes32 digest,
        bytes32 fineRoot,
        bytes32 lastRoot,
        bytes32[] calldata lastPeaks,
        bytes calldata witness
    ) external {
        Game storage g = _onTime(digest);
        _onlyOperator(g);
        if (g.phase != DisputePhase.FineCommit) revert WrongPhase(digest, uint8(g.phase));
        uint64 m = verifier.fineLength(_context(g), witness);
        if (m == 0) revert EmptyFineTrace();
        if (!TraceMmr.verifyAppend(lastRoot, m - 1, lastPeaks, g.coarseLeaf, fineRoot)) revert InvalidAppend();
        g.fineLength = m;
        g.fineRoot = fineRoot;
        g.lo = 0;
        g.loRoot = TraceMmr.emptyRoot();
        g.hi = m;
        g.hiRoot = fineRoot;
        g.phase = m == 1 ? DisputePhase.FineLeaf : DisputePhase.FineBisect;
        g.deadline = uint64(block.timestamp) + g.moveTimeout;
        emit FineCommitted(digest, m, fineRoot, g.deadline);
    }

    /// @notice Anyone: the one step. The verifier recomputes fine leaf i from `witness`; the executor loses when
    ///         its revealed leaf differs, the challenger otherwise. Phase OneStep (the challenger's turn).
    function step(bytes32 digest, bytes calldata witness) external {
        Game storage g = _onTime(digest);
        if (g.phase != DisputePhase.OneStep) revert WrongPhase(digest, uint8(g.phase));
        bytes32 correct = verifier.fineLeaf(_context(g), witness);
        _resolve(
            digest,
            g,
            correct == g.fineLeaf ? DisputeOutcome.ExecutorWins : DisputeOutcome.ChallengerWins,
            DisputeReason.Step
        );
    }

    /// @notice Anyone, in any unresolved phase before its deadline: the receipt's traceLength is not the verifier's
    ///         expected length for this request, so the executor loses. Reverts TraceLengthCorrect otherwise.
    function proveTraceLength(bytes32 digest, bytes calldata witness) external {
        Game storage g = _onTime(digest);
        uint64 expected = verifier.expectedTraceLength(g.weightsRoot, g.promptTokens, g.outputTokens, witness);
        if (expected == g.traceLength) revert TraceLengthCorrect(g.traceLength);
        _resolve(digest, g, DisputeOutcome.ChallengerWins, DisputeReason.TraceLength);
    }

    /// @notice Anyone, in any unresolved phase before its deadline: the executor's own trace (opened against the
    ///         receipt's traceRoot) emits at position t a token that is not output token t - (n - 1), so the
    ///         executor loses. Reverts NoTokenMismatch otherwise.
    function proveTokenMismatch(bytes32 digest, TokenMismatchProof calldata p) external {
        Game storage g = _onTime(digest);
        if (!isTokenMismatch(g, p)) revert NoTokenMismatch();
        _resolve(digest, g, DisputeOutcome.ChallengerWins, DisputeReason.TokenMismatch);
    }

    /// @notice Anyone, in any unresolved phase before its deadline: the receipt's output continues after the model's
    ///         end-of-sequence token (an output token other than the last one is EOS), which no honest decode
    ///         produces — generation stops at EOS — so the executor loses: it padded the output it charges for.
    ///         `witness` opens the model config (the EOS id) against the weights root; `outputTokens` is the receipt's
    ///         output (checked against outputHash). Reverts NoOutputAfterEos otherwise.
    function proveOutputAfterEos(bytes32 digest, bytes calldata witness, uint32[] calldata outputTokens) external {
        Game storage g = _onTime(digest);
        if (hashTokens(outputTokens) != g.outputHash) revert OutputMismatch();
        uint32 eos = verifier.eosToken(g.weightsRoot, witness);
        for (uint256 j = 0; j + 1 < outputTokens.length; j++) {
            if (outputTokens[j] == eos) {
                _resolve(digest, g, DisputeOutcome.ChallengerWins, DisputeReason.OutputAfterEos);
                return;
            }
        }
        revert NoOutputAfterEos();
    }

    /// @notice Anyone, at or after the deadline of an unresolved game: the party whose turn it was loses.
    function timeout(bytes32 digest) external {
        Game storage g = _games[digest];
        DisputePhase phase = g.phase;
        if (phase == DisputePhase.None) revert UnknownGame(digest);
        if (phase == DisputePhase.Resolved) revert WrongPhase(digest, uint8(phase));
        // Move timeouts are minutes to days; a validator's seconds of timestamp leeway do not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < g.deadline) revert DeadlineNotReached(digest, g.deadline);
        _resolve(
            digest,
            g,
            executorsTurn(phase) ? DisputeOutcome.ChallengerWins : DisputeOutcome.ExecutorWins,
            DisputeReason.Timeout
        );
    }

    /// @notice Sends the caller its whole credit.
    function withdraw() external {
        uint256 amount = credits[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        credits[msg.sender] = 0;
        totalCredited -= amount;
        emit Withdrawn(msg.sender, amount);
        (bool ok,) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
    }

    // ------------------------------------------------------------------ views

    /// @notice The game on `digest` (phase None when there is none).
    function gameOf(bytes32 digest) external view returns (Game memory) {
        return _games[digest];
    }

    /// @notice The one-step context the game has established so far (fine fields zero before the fine phase).
    function stepContextOf(bytes32 digest) external view returns (StepContext memory) {
        return _context(_games[digest]);
    }

    /// @notice True when it is the executor's (defender's) move in `phase`.
    function executorsTurn(DisputePhase phase) public pure returns (bool) {
        return phase == DisputePhase.CoarseBisect || phase == DisputePhase.CoarseLeaf
            || phase == DisputePhase.FineCommit || phase == DisputePhase.FineBisect || phase == DisputePhase.FineLeaf;
    }

    /// @notice keccak256(uint32(t_0) ‖ uint32(t_1) ‖ …), big-endian (docs/encodings.md, outputHash).
    function hashTokens(uint32[] calldata tokens) public pure returns (bytes32 h) {
        // Packs into free memory without allocating (scratch space past the free pointer); shl keeps the low 32 bits.
        assembly ("memory-safe") {
            let p := mload(0x40)
            for { let i := 0 } lt(i, tokens.length) { i := add(i, 1) } {
                mstore(add(p, mul(i, 4)), shl(224, calldataload(add(tokens.offset, mul(i, 32)))))
            }
            h := keccak256(p, mul(tokens.length, 4))
        }
    }

    // ------------------------------------------------------------------ internals

    function isTokenMismatch(Game storage g, TokenMismatchProof calldata p) private view returns (bool) {
        if (p.step == 0 || hashTokens(p.outputTokens) != g.outputHash) return false;
        // Emitting positions: n - 1 (first output token) up to n + g - 2 (the last output token is never processed).
        if (g.promptTokens == 0 || p.position < g.promptTokens - 1) return false;
        uint256 j = uint256(p.position) - (g.promptTokens - 1);
        if (j >= g.outputTokens || p.outputTokens[j] == p.token) return false;
        bytes32 leaf = keccak256(abi.encodePacked(bytes1(0x00), p.position, p.step, p.token));
        return TraceMmr.verifyOpening(g.traceRoot, g.traceLength, p.leafIndex, leaf, p.siblings, p.peaks);
    }

    function _onTime(bytes32 digest) private view returns (Game storage g) {
        g = _games[digest];
        DisputePhase phase = g.phase;
        if (phase == DisputePhase.None) revert UnknownGame(digest);
        if (phase == DisputePhase.Resolved) revert WrongPhase(digest, uint8(phase));
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= g.deadline) revert DeadlinePassed(digest, g.deadline);
    }

    function _onlyOperator(Game storage g) private view {
        if (msg.sender != g.operator) revert Unauthorized(msg.sender);
    }

    function _context(Game storage g) private view returns (StepContext memory) {
        return StepContext({
            weightsRoot: g.weightsRoot,
            paramsHash: g.paramsHash,
            tokensHash: g.tokensHash,
            promptTokens: g.promptTokens,
            outputTokens: g.outputTokens,
            coarseIndex: g.coarseIndex,
            coarsePrefixRoot: g.coarsePrefixRoot,
            fineIndex: g.fineIndex,
            finePrefixRoot: g.finePrefixRoot
        });
    }

    function _resolve(bytes32 digest, Game storage g, DisputeOutcome outcome, DisputeReason reason) private {
        g.phase = DisputePhase.Resolved;
        g.outcome = outcome;
        g.reason = reason;
        uint256 b = g.bond;
        totalBonded -= b;
        uint256 slashed;
        uint256 reward;
        uint256 burned;
        if (outcome == DisputeOutcome.ChallengerWins) {
            slashed = registry.slash(g.executor);
            reward = slashed * g.challengerRewardBps / BPS;
            burned = slashed - reward;
            totalBurned += burned;
            _credit(g.challenger, b + reward);
            rollup.settleDispute(digest, true);
        } else {
            _credit(g.operator, b);
            rollup.settleDispute(digest, false);
        }
        emit DisputeResolved(digest, outcome, reason, slashed, reward, burned);
    }

    function _credit(address account, uint256 amount) private {
        credits[account] += amount;
        totalCredited += amount;
    }
}
