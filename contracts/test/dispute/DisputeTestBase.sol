// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {OtrTestBase} from "../base/OtrTestBase.sol";
import {MerkleRef} from "../base/MerkleRef.sol";
import {MmrRef} from "./MmrRef.sol";
import {OneStepVerifierDouble} from "./OneStepVerifierDouble.sol";
import {DisputeGame, DisputeOpening, Game} from "../../src/DisputeGame.sol";
import {DisputePhase, Receipt} from "../../src/Types.sol";

/// @notice The OTR set plus a DisputeGame wired to the rollup and the registry, with a test-controlled one-step
///         verifier, one registered enclave, and receipts with real prompt/output/params hashes and a trace of
///         chosen leaves, posted in one batch.
abstract contract DisputeTestBase is OtrTestBase {
    uint256 internal constant BOND = 0.1 ether;
    uint64 internal constant TIMEOUT = 1 hours;
    uint16 internal constant REWARD_BPS = 4_000;
    bytes internal constant PROMPT = "Hi!";
    uint32 internal constant MAX_TOKENS = 16;
    uint64 internal constant SEED = 42;

    OneStepVerifierDouble internal stepVerifier;
    DisputeGame internal game;
    address internal challenger;

    /// @dev Per receipt of the posted batch: the receipt, its signature, batch position and the executor's trace.
    Receipt[] internal receipts;
    bytes[] internal signatures;
    bytes32[] internal digests;
    uint64 internal batch;
    mapping(uint256 => bytes32[]) internal coarse;

    function setUp() public virtual override {
        super.setUp();
        challenger = makeAddr("challenger");
        vm.deal(challenger, 100 ether);
        stepVerifier = new OneStepVerifierDouble();
        game = new DisputeGame(owner, rollup, executors, stepVerifier, BOND, TIMEOUT, REWARD_BPS);
        vm.startPrank(owner);
        rollup.setDisputeGame(address(game));
        executors.setDisputeGame(address(game));
        vm.stopPrank();
        registerEnclave(enclave);
    }

    function outputTokens() internal pure returns (uint32[] memory t) {
        t = new uint32[](3);
        t[0] = 7;
        t[1] = 300;
        t[2] = 2;
    }

    function packTokens(uint32[] memory t) internal pure returns (bytes memory out) {
        for (uint256 i = 0; i < t.length; i++) {
            out = bytes.concat(out, bytes4(t[i]));
        }
    }

    /// @notice Trace leaf i of receipt `salt` (honest by construction: the tests decide what "correct" is).
    function traceLeaf(uint256 salt, uint256 i) internal pure returns (bytes32) {
        return keccak256(abi.encode("coarse", salt, i));
    }

    /// @notice Posts a batch of receipts whose traces have the given lengths; receipt i's trace is leaves
    ///         traceLeaf(i, 0..len-1) and its traceRoot their prefix root.
    function postReceipts(uint64[] memory lengths) internal {
        for (uint256 i = 0; i < lengths.length; i++) {
            bytes32[] storage leaves = coarse[i];
            for (uint256 j = 0; j < lengths[i]; j++) {
                leaves.push(traceLeaf(i, j));
            }
            Receipt memory r = sampleReceipt(i);
            r.promptHash = keccak256(PROMPT);
            r.outputHash = keccak256(packTokens(outputTokens()));
            r.paramsHash = keccak256(abi.encode(MAX_TOKENS, uint32(0), SEED));
            r.traceLength = lengths[i];
            r.traceRoot = MmrRef.rootAt(coarse[i], lengths[i]);
            receipts.push(r);
            bytes32 d = rollup.hashReceipt(r);
            digests.push(d);
            signatures.push(signDigest(enclavePk, d));
        }
        bytes32[] memory leaves2 = MerkleRef.leaves(digests);
        batch = rollup.nextBatchIndex();
        vm.prank(sequencer);
        rollup.submitBatch(batch, MerkleRef.root(leaves2), uint32(digests.length), bytes32(0));
    }

    function opening(uint256 i) internal view returns (DisputeOpening memory o) {
        o.receipt = receipts[i];
        o.signature = signatures[i];
        o.batchIndex = batch;
        o.leafIndex = i;
        o.inclusionProof = MerkleRef.proof(MerkleRef.leaves(digests), i);
        o.promptText = PROMPT;
        o.outputTokens = outputTokens();
        o.maxTokens = MAX_TOKENS;
        o.temperatureMilli = 0;
        o.seed = SEED;
        o.challengerRoot = keccak256("challenger's root");
    }

    function openGame(uint256 i) internal returns (bytes32) {
        vm.prank(challenger);
        return game.open{value: BOND}(opening(i));
    }

    function state(uint256 i) internal view returns (Game memory) {
        return game.gameOf(digests[i]);
    }

    function mid(Game memory g) internal pure returns (uint64) {
        return g.lo + (g.hi - g.lo) / 2;
    }
}
