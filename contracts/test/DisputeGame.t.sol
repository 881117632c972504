// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {DisputeTestBase} from "./dispute/DisputeTestBase.sol";
import {MmrRef} from "./dispute/MmrRef.sol";
import {MerkleRef} from "./base/MerkleRef.sol";
import {DisputeGame, DisputeOpening, Game, TokenMismatchProof} from "../src/DisputeGame.sol";
import {ExecutorRegistry} from "../src/ExecutorRegistry.sol";
import {IOneStepVerifier} from "../src/IOneStepVerifier.sol";
import {OtrRollup} from "../src/OtrRollup.sol";
import {TraceMmr} from "../src/lib/TraceMmr.sol";
import {DisputeOutcome, DisputePhase, DisputeReason, DisputeRecord, Receipt, ReceiptStatus} from "../src/Types.sol";
import {
    ChallengeWindowClosed,
    DeadlineNotReached,
    DeadlinePassed,
    DisputeExists,
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
    ReceiptNotInBatch,
    ReceiptNotVerified,
    TraceLengthCorrect,
    Unauthorized,
    UnknownGame,
    WrongBond,
    WrongPhase,
    ZeroAddress
} from "../src/Errors.sol";

/// Every move, revert, timeout and outcome of the dispute game, with a test-controlled one-step verifier.
contract DisputeGame_Test is DisputeTestBase {
    uint64 internal constant FINE = 5;

    function setUp() public override {
        super.setUp();
        uint64[] memory lengths = new uint64[](4);
        lengths[0] = 13;
        lengths[1] = 1;
        lengths[2] = 0;
        lengths[3] = 8;
        postReceipts(lengths);
    }

    // ------------------------------------------------------------ traces of a played game

    /// @dev The challenger's coarse leaf j: the executor's before `d`, different from `d` on.
    function challengerLeaf(uint256 i, uint64 d, uint256 j) internal view returns (bytes32) {
        return j < d ? coarse[i][j] : keccak256(abi.encode("challenger", i, j));
    }

    function challengerCoarse(uint256 i, uint64 d) internal view returns (bytes32[] memory c) {
        c = new bytes32[](coarse[i].length);
        for (uint256 j = 0; j < c.length; j++) {
            c[j] = challengerLeaf(i, d, j);
        }
    }

    function executorFine(uint256 i, uint64 k) internal view returns (bytes32[] memory f) {
        f = new bytes32[](FINE);
        for (uint256 j = 0; j + 1 < FINE; j++) {
            f[j] = keccak256(abi.encode("fine", i, k, j));
        }
        f[FINE - 1] = coarse[i][k];
    }

    function challengerFine(uint256 i, uint64 d, uint64 fd, uint64 k) internal view returns (bytes32[] memory f) {
        f = executorFine(i, k);
        for (uint256 j = fd; j + 1 < FINE; j++) {
            f[j] = keccak256(abi.encode("challenger fine", i, k, j));
        }
        f[FINE - 1] = challengerLeaf(i, d, k);
    }

    function executorMove(uint256 i) internal {
        Game memory g = state(i);
        vm.startPrank(operator);
        if (g.phase == DisputePhase.CoarseBisect) {
            game.bisect(digests[i], MmrRef.rootAt(coarse[i], mid(g)));
        } else if (g.phase == DisputePhase.CoarseLeaf) {
            game.revealLeaf(digests[i], coarse[i][g.lo], MmrRef.peaksAt(coarse[i], g.lo));
        } else if (g.phase == DisputePhase.FineCommit) {
            bytes32[] memory f = executorFine(i, g.coarseIndex);
            game.commitFine(
                digests[i],
                MmrRef.rootAt(f, FINE),
                MmrRef.rootAt(f, FINE - 1),
                MmrRef.peaksAt(f, FINE - 1),
                abi.encode(FINE)
            );
        } else if (g.phase == DisputePhase.FineBisect) {
            game.bisect(digests[i], MmrRef.rootAt(executorFine(i, g.coarseIndex), mid(g)));
        } else if (g.phase == DisputePhase.FineLeaf) {
            bytes32[] memory f = executorFine(i, g.coarseIndex);
            game.revealLeaf(digests[i], f[g.lo], MmrRef.peaksAt(f, g.lo));
        } else {
            revert("not the executor's move");
        }
        vm.stopPrank();
    }

    function challengerMove(uint256 i, uint64 d, uint64 fd) internal {
        Game memory g = state(i);
        vm.prank(challenger);
        if (g.phase == DisputePhase.CoarseRespond) {
            game.respond(digests[i], MmrRef.rootAt(challengerCoarse(i, d), mid(g)) == g.midRoot);
        } else if (g.phase == DisputePhase.FineRespond) {
            game.respond(digests[i], MmrRef.rootAt(challengerFine(i, d, fd, g.coarseIndex), mid(g)) == g.midRoot);
        } else {
            revert("not the challenger's move");
        }
    }

    /// @dev Plays receipt i to the OneStep phase: the executor's trace is the posted one, the challenger's differs from
    ///      coarse leaf d on and, in the fine trace of the disputed step, from fine leaf fd on. Returns the move count.
    function playToStep(uint256 i, uint64 d, uint64 fd) internal returns (uint256 moves) {
        openGame(i);
        while (state(i).phase != DisputePhase.OneStep) {
            if (game.executorsTurn(state(i).phase)) executorMove(i);
            else challengerMove(i, d, fd);
            moves++;
        }
    }

    // ------------------------------------------------------------ parameters

    function test_constructor_setsParameters_succeeds() public view {
        vm.assertEq(address(game.rollup()), address(rollup));
        vm.assertEq(address(game.registry()), address(executors));
        vm.assertEq(address(game.verifier()), address(stepVerifier));
        vm.assertEq(game.bond(), BOND);
        vm.assertEq(uint256(game.moveTimeout()), TIMEOUT);
        vm.assertEq(uint256(game.challengerRewardBps()), REWARD_BPS);
        vm.assertEq(game.owner(), owner);
    }

    function test_constructor_zeroAddress_reverts() public {
        vm.expectRevert(ZeroAddress.selector);
        new DisputeGame(owner, OtrRollup(address(0)), executors, stepVerifier, BOND, TIMEOUT, REWARD_BPS);
        vm.expectRevert(ZeroAddress.selector);
        new DisputeGame(owner, rollup, ExecutorRegistry(address(0)), stepVerifier, BOND, TIMEOUT, REWARD_BPS);
        vm.expectRevert(ZeroAddress.selector);
        new DisputeGame(owner, rollup, executors, IOneStepVerifier(address(0)), BOND, TIMEOUT, REWARD_BPS);
    }

    function test_setParameters_bounds_reverts() public {
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(ParameterOutOfRange.selector, "bond", 0));
        game.setParameters(0, TIMEOUT, REWARD_BPS);
        vm.expectRevert(abi.encodeWithSelector(ParameterOutOfRange.selector, "bond", 1_001 ether));
        game.setParameters(1_001 ether, TIMEOUT, REWARD_BPS);
        vm.expectRevert(abi.encodeWithSelector(ParameterOutOfRange.selector, "moveTimeout", 59));
        game.setParameters(BOND, 59, REWARD_BPS);
        vm.expectRevert(abi.encodeWithSelector(ParameterOutOfRange.selector, "moveTimeout", 30 days + 1));
        game.setParameters(BOND, 30 days + 1, REWARD_BPS);
        vm.expectRevert(abi.encodeWithSelector(ParameterOutOfRange.selector, "challengerRewardBps", 10_001));
        game.setParameters(BOND, TIMEOUT, 10_001);
        game.setParameters(2 ether, 60, 10_000);
        vm.stopPrank();
        vm.assertEq(game.bond(), 2 ether);
        vm.assertEq(uint256(game.moveTimeout()), 60);
        vm.assertEq(uint256(game.challengerRewardBps()), 10_000);
    }

    function test_setParameters_notOwner_reverts() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        game.setParameters(BOND, TIMEOUT, REWARD_BPS);
    }

    function test_setParameters_runningGameKeepsItsOwn_succeeds() public {
        openGame(0);
        vm.prank(owner);
        game.setParameters(1 ether, 2 hours, 0);
        Game memory g = state(0);
        vm.assertEq(g.bond, BOND);
        vm.assertEq(uint256(g.moveTimeout), TIMEOUT);
        vm.assertEq(uint256(g.challengerRewardBps), REWARD_BPS);
    }

    // ------------------------------------------------------------ open

    function test_open_validReceipt_succeeds() public {
        bytes32 d = openGame(0);
        vm.assertEq(d, digests[0]);
        Game memory g = state(0);
        vm.assertEq(g.challenger, challenger);
        vm.assertEq(g.operator, operator);
        vm.assertEq(g.executor, enclave);
        vm.assertEq(uint256(g.phase), uint256(DisputePhase.CoarseBisect));
        vm.assertEq(uint256(g.deadline), block.timestamp + TIMEOUT);
        vm.assertEq(uint256(g.lo), 0);
        vm.assertEq(uint256(g.hi), 13);
        vm.assertEq(g.loRoot, TraceMmr.emptyRoot());
        vm.assertEq(g.hiRoot, receipts[0].traceRoot);
        vm.assertEq(uint256(g.promptTokens), PROMPT.length);
        vm.assertEq(uint256(g.outputTokens), 3);
        vm.assertEq(g.weightsRoot, WEIGHTS_ROOT);
        vm.assertEq(address(game).balance, BOND);
        vm.assertEq(game.totalBonded(), BOND);
        vm.assertEq(uint256(rollup.disputeRecord(d)), uint256(DisputeRecord.Open));
        vm.assertEq(
            uint8(rollup.receiptStatus(batch, d, 0, MerkleRef.proof(MerkleRef.leaves(digests), 0))),
            uint8(ReceiptStatus.Disputed)
        );
    }

    function test_open_outputLongerThanSignedMaxTokens_challengerWinsAtOnce_succeeds() public {
        // A receipt whose signed parameters allow 2 tokens while its output has 3.
        Receipt memory r = sampleReceipt(7);
        r.promptHash = keccak256(PROMPT);
        r.outputHash = keccak256(packTokens(outputTokens()));
        r.paramsHash = keccak256(abi.encode(uint32(2), uint32(0), SEED));
        r.traceLength = 13;
        r.traceRoot = keccak256("any trace");
        bytes32 d = rollup.hashReceipt(r);
        bytes32[] memory ds = new bytes32[](1);
        ds[0] = d;
        uint64 b = rollup.nextBatchIndex();
        vm.prank(sequencer);
        rollup.submitBatch(b, MerkleRef.root(MerkleRef.leaves(ds)), 1, bytes32(0));
        DisputeOpening memory o = opening(0);
        o.receipt = r;
        o.signature = signDigest(enclavePk, d);
        o.batchIndex = b;
        o.leafIndex = 0;
        o.inclusionProof = MerkleRef.proof(MerkleRef.leaves(ds), 0);
        o.maxTokens = 2;
        uint256 stake = executors.registrationOf(enclave).stake;

        vm.prank(challenger);
        game.open{value: BOND}(o);

        Game memory g = game.gameOf(d);
        vm.assertEq(uint256(g.phase), uint256(DisputePhase.Resolved));
        vm.assertEq(uint256(g.outcome), uint256(DisputeOutcome.ChallengerWins));
        vm.assertEq(uint256(g.reason), uint256(DisputeReason.OutputLength));
        vm.assertEq(executors.registrationOf(enclave).stake, 0);
        vm.assertEq(game.credits(challenger), BOND + stake * REWARD_BPS / 10_000);
        vm.assertEq(uint256(rollup.disputeRecord(d)), uint256(DisputeRecord.Settled));
        vm.assertEq(game.totalBonded(), 0);
    }

    function test_open_oneLeafTrace_startsAtLeafReveal_succeeds() public {
        openGame(1);
        vm.assertEq(uint256(state(1).phase), uint256(DisputePhase.CoarseLeaf));
    }

    function test_open_wrongBond_reverts() public {
        DisputeOpening memory o = opening(0);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(WrongBond.selector, BOND - 1, BOND));
        game.open{value: BOND - 1}(o);
    }

    function test_open_badSignature_reverts() public {
        DisputeOpening memory o = opening(0);
        o.signature = signatures[1];
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(ReceiptNotVerified.selector, enclave));
        game.open{value: BOND}(o);
    }

    function test_open_notInBatch_reverts() public {
        DisputeOpening memory o = opening(0);
        o.leafIndex = 1;
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(ReceiptNotInBatch.selector, batch, digests[0]));
        game.open{value: BOND}(o);
    }

    function test_open_windowClosed_reverts() public {
        DisputeOpening memory o = opening(0);
        vm.warp(block.timestamp + WINDOW);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(ChallengeWindowClosed.selector, batch, block.timestamp));
        game.open{value: BOND}(o);
    }

    function test_open_requestMismatch_reverts() public {
        DisputeOpening memory o = opening(0);
        o.promptText = "Hi?";
        vm.prank(challenger);
        vm.expectRevert(PromptMismatch.selector);
        game.open{value: BOND}(o);

        o = opening(0);
        o.outputTokens[1] = 301;
        vm.prank(challenger);
        vm.expectRevert(OutputMismatch.selector);
        game.open{value: BOND}(o);

        o = opening(0);
        o.seed = SEED + 1;
        vm.prank(challenger);
        vm.expectRevert(ParamsMismatch.selector);
        game.open{value: BOND}(o);
    }

    function test_open_sameOrZeroRoot_reverts() public {
        DisputeOpening memory o = opening(0);
        o.challengerRoot = receipts[0].traceRoot;
        vm.prank(challenger);
        vm.expectRevert(NoDisagreement.selector);
        game.open{value: BOND}(o);
        o.challengerRoot = bytes32(0);
        vm.prank(challenger);
        vm.expectRevert(NoDisagreement.selector);
        game.open{value: BOND}(o);
    }

    function test_open_twice_reverts() public {
        openGame(0);
        DisputeOpening memory o = opening(0);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(DisputeExists.selector, digests[0]));
        game.open{value: BOND}(o);
    }

    function test_open_afterSettlement_reverts() public {
        openGame(0);
        vm.warp(block.timestamp + TIMEOUT);
        game.timeout(digests[0]);
        DisputeOpening memory o = opening(0);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(DisputeExists.selector, digests[0]));
        game.open{value: BOND}(o);
    }

    function test_hashTokens_matchesPackedBigEndian_succeeds() public view {
        vm.assertEq(game.hashTokens(outputTokens()), keccak256(hex"000000070000012c00000002"));
        vm.assertEq(game.hashTokens(new uint32[](0)), keccak256(""));
    }

    // ------------------------------------------------------------ full games

    function test_fullGame_executorWrong_challengerWinsByStep_succeeds() public {
        uint256 moves = playToStep(0, 6, 2);
        Game memory g = state(0);
        vm.assertEq(uint256(g.coarseIndex), 6, "disputed coarse step is the first differing leaf");
        vm.assertEq(uint256(g.fineIndex), 2, "disputed fine leaf is the first differing one");
        vm.assertEq(g.coarsePrefixRoot, MmrRef.rootAt(coarse[0], 6));
        // ceil(log2 13) = 4 coarse rounds, ceil(log2 5) = 3 fine rounds, two moves each, plus leaf, commit, leaf.
        vm.assertTrue(moves <= 2 * 4 + 2 * 3 + 3, "move count bound");

        uint256 stake = executors.registrationOf(enclave).stake;
        // The step is sent by a stranger: anyone may. The verifier's correct leaf is the challenger's.
        vm.prank(stranger);
        game.step(digests[0], abi.encode(challengerFine(0, 6, 2, 6)[2]));
        g = state(0);
        vm.assertEq(uint256(g.phase), uint256(DisputePhase.Resolved));
        vm.assertEq(uint256(g.outcome), uint256(DisputeOutcome.ChallengerWins));
        vm.assertEq(uint256(g.reason), uint256(DisputeReason.Step));
        uint256 reward = stake * REWARD_BPS / 10_000;
        vm.assertEq(game.credits(challenger), BOND + reward);
        vm.assertEq(game.totalBurned(), stake - reward);
        vm.assertEq(executors.registrationOf(enclave).stake, 0);
        vm.assertEq(executors.totalStaked(), 0);
        vm.assertEq(address(game).balance, BOND + stake);
        vm.assertTrue(rollup.invalidated(digests[0]));

        bytes32[] memory leaves = MerkleRef.leaves(digests);
        vm.warp(block.timestamp + WINDOW);
        vm.assertEq(
            uint8(rollup.receiptStatus(batch, digests[0], 0, MerkleRef.proof(leaves, 0))),
            uint8(ReceiptStatus.Invalidated)
        );
        vm.assertEq(
            uint8(rollup.receiptStatus(batch, digests[3], 3, MerkleRef.proof(leaves, 3))),
            uint8(ReceiptStatus.Final),
            "the rest of the batch finalises"
        );

        uint256 before = challenger.balance;
        vm.prank(challenger);
        game.withdraw();
        vm.assertEq(challenger.balance, before + BOND + reward);
        vm.assertEq(address(game).balance, stake - reward, "only the burned part stays");
        vm.prank(challenger);
        vm.expectRevert(NothingToWithdraw.selector);
        game.withdraw();
    }

    function testFuzz_fullGame_narrowsToFirstDifference_succeeds(uint64 d, uint64 fd) public {
        d = uint64(bound(d, 0, 12));
        fd = uint64(bound(fd, 0, FINE - 1));
        uint256 moves = playToStep(0, d, fd);
        Game memory g = state(0);
        vm.assertEq(uint256(g.coarseIndex), d, "coarse step");
        vm.assertEq(uint256(g.fineIndex), fd, "fine leaf");
        vm.assertEq(g.coarsePrefixRoot, MmrRef.rootAt(coarse[0], d));
        vm.assertEq(g.finePrefixRoot, MmrRef.rootAt(executorFine(0, d), fd));
        vm.assertTrue(moves <= 2 * 4 + 2 * 3 + 3, "move count bound");
    }

    function test_fullGame_executorRight_executorWinsByStep_succeeds() public {
        playToStep(3, 0, 0);
        Game memory g = state(3);
        vm.assertEq(uint256(g.coarseIndex), 0);
        vm.assertEq(uint256(g.fineIndex), 0);
        game.step(digests[3], abi.encode(executorFine(3, 0)[0]));
        g = state(3);
        vm.assertEq(uint256(g.outcome), uint256(DisputeOutcome.ExecutorWins));
        vm.assertEq(uint256(g.reason), uint256(DisputeReason.Step));
        vm.assertEq(game.credits(operator), BOND);
        vm.assertEq(executors.registrationOf(enclave).stake, MIN_STAKE, "no slash");
        vm.assertFalse(rollup.invalidated(digests[3]));
        vm.assertEq(
            uint8(rollup.receiptStatus(batch, digests[3], 3, MerkleRef.proof(MerkleRef.leaves(digests), 3))),
            uint8(ReceiptStatus.Final),
            "a dispute won by the executor finalises at once"
        );
    }

    function test_fullGame_lastCoarseAndFineLeaf_succeeds() public {
        playToStep(0, 12, 4);
        Game memory g = state(0);
        vm.assertEq(uint256(g.coarseIndex), 12);
        vm.assertEq(uint256(g.fineIndex), 4);
        vm.assertEq(g.fineLeaf, coarse[0][12], "the last fine leaf is the coarse leaf");
    }

    function test_fullGame_oneLeafTrace_succeeds() public {
        playToStep(1, 0, 1);
        vm.assertEq(uint256(state(1).coarseIndex), 0);
        vm.assertEq(uint256(state(1).fineIndex), 1);
    }

    // ------------------------------------------------------------ move reverts

    function test_bisect_notOperator_reverts() public {
        openGame(0);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(Unauthorized.selector, challenger));
        game.bisect(digests[0], bytes32(uint256(1)));
    }

    function test_bisect_wrongPhase_reverts() public {
        openGame(0);
        executorMove(0);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(WrongPhase.selector, digests[0], uint8(DisputePhase.CoarseRespond)));
        game.bisect(digests[0], bytes32(uint256(1)));
    }

    function test_bisect_zeroLengthTrace_reverts() public {
        openGame(2);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(WrongPhase.selector, digests[2], uint8(DisputePhase.CoarseBisect)));
        game.bisect(digests[2], bytes32(uint256(1)));
        vm.warp(block.timestamp + TIMEOUT);
        game.timeout(digests[2]);
        vm.assertEq(uint256(state(2).outcome), uint256(DisputeOutcome.ChallengerWins));
    }

    function test_bisect_unknownGame_reverts() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(UnknownGame.selector, bytes32(uint256(5))));
        game.bisect(bytes32(uint256(5)), bytes32(0));
    }

    function test_bisect_atDeadline_reverts() public {
        openGame(0);
        uint64 deadline = state(0).deadline;
        vm.warp(deadline);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(DeadlinePassed.selector, digests[0], deadline));
        game.bisect(digests[0], bytes32(uint256(1)));
    }

    function test_bisect_justBeforeDeadline_succeeds() public {
        openGame(0);
        vm.warp(state(0).deadline - 1);
        executorMove(0);
        vm.assertEq(uint256(state(0).phase), uint256(DisputePhase.CoarseRespond));
        vm.assertEq(uint256(state(0).deadline), block.timestamp + TIMEOUT, "each move restarts the clock");
    }

    function test_respond_notChallenger_reverts() public {
        openGame(0);
        executorMove(0);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(Unauthorized.selector, operator));
        game.respond(digests[0], true);
    }

    function test_respond_wrongPhase_reverts() public {
        openGame(0);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(WrongPhase.selector, digests[0], uint8(DisputePhase.CoarseBisect)));
        game.respond(digests[0], true);
    }

    function test_respond_agreeAndDisagree_narrowRange_succeeds() public {
        openGame(0);
        executorMove(0); // mid 6
        bytes32 root6 = state(0).midRoot;
        vm.prank(challenger);
        game.respond(digests[0], true);
        Game memory g = state(0);
        vm.assertEq(uint256(g.lo), 6);
        vm.assertEq(uint256(g.hi), 13);
        vm.assertEq(g.loRoot, root6);
        vm.assertEq(g.midRoot, bytes32(0));
        executorMove(0); // mid 9
        bytes32 root9 = state(0).midRoot;
        vm.prank(challenger);
        game.respond(digests[0], false);
        g = state(0);
        vm.assertEq(uint256(g.lo), 6);
        vm.assertEq(uint256(g.hi), 9);
        vm.assertEq(g.hiRoot, root9);
        vm.assertEq(uint256(g.phase), uint256(DisputePhase.CoarseBisect));
    }

    function test_revealLeaf_wrongLeaf_reverts() public {
        openGame(1);
        vm.prank(operator);
        vm.expectRevert(InvalidAppend.selector);
        game.revealLeaf(digests[1], keccak256("other"), new bytes32[](0));
    }

    function test_revealLeaf_wrongPeaks_reverts() public {
        playToCoarseLeaf(0, 6);
        Game memory g = state(0);
        bytes32[] memory peaks = MmrRef.peaksAt(coarse[0], g.lo);
        peaks[0] = keccak256("forged");
        vm.prank(operator);
        vm.expectRevert(InvalidAppend.selector);
        game.revealLeaf(digests[0], coarse[0][g.lo], peaks);
    }

    function playToCoarseLeaf(uint256 i, uint64 d) internal {
        openGame(i);
        while (state(i).phase != DisputePhase.CoarseLeaf) {
            if (game.executorsTurn(state(i).phase)) executorMove(i);
            else challengerMove(i, d, 0);
        }
    }

    function test_commitFine_lastLeafNotCoarseLeaf_reverts() public {
        playToCoarseLeaf(0, 6);
        executorMove(0);
        bytes32[] memory f = executorFine(0, 6);
        f[FINE - 1] = keccak256("not the coarse leaf");
        vm.prank(operator);
        vm.expectRevert(InvalidAppend.selector);
        game.commitFine(
            digests[0],
            MmrRef.rootAt(f, FINE),
            MmrRef.rootAt(f, FINE - 1),
            MmrRef.peaksAt(f, FINE - 1),
            abi.encode(FINE)
        );
    }

    function test_commitFine_emptyFineTrace_reverts() public {
        playToCoarseLeaf(0, 6);
        executorMove(0);
        vm.prank(operator);
        vm.expectRevert(EmptyFineTrace.selector);
        game.commitFine(digests[0], bytes32(0), bytes32(0), new bytes32[](0), abi.encode(uint64(0)));
    }

    function test_commitFine_oneLeafFineTrace_goesToFineLeaf_succeeds() public {
        playToCoarseLeaf(0, 6);
        executorMove(0);
        bytes32 leaf = coarse[0][6];
        bytes32[] memory one = new bytes32[](1);
        one[0] = leaf;
        vm.prank(operator);
        game.commitFine(
            digests[0], MmrRef.rootAt(one, 1), TraceMmr.emptyRoot(), new bytes32[](0), abi.encode(uint64(1))
        );
        vm.assertEq(uint256(state(0).phase), uint256(DisputePhase.FineLeaf));
        vm.prank(operator);
        game.revealLeaf(digests[0], leaf, new bytes32[](0));
        vm.assertEq(uint256(state(0).phase), uint256(DisputePhase.OneStep));
    }

    function test_commitFine_notOperator_reverts() public {
        playToCoarseLeaf(0, 6);
        executorMove(0);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(Unauthorized.selector, challenger));
        game.commitFine(digests[0], bytes32(0), bytes32(0), new bytes32[](0), abi.encode(FINE));
    }

    function test_step_wrongPhase_reverts() public {
        openGame(0);
        vm.expectRevert(abi.encodeWithSelector(WrongPhase.selector, digests[0], uint8(DisputePhase.CoarseBisect)));
        game.step(digests[0], abi.encode(bytes32(0)));
    }

    function test_step_afterDeadline_reverts() public {
        playToStep(0, 6, 2);
        uint64 deadline = state(0).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(DeadlinePassed.selector, digests[0], deadline));
        game.step(digests[0], abi.encode(bytes32(0)));
    }

    function test_step_twice_reverts() public {
        playToStep(0, 6, 2);
        game.step(digests[0], abi.encode(bytes32(0)));
        vm.expectRevert(abi.encodeWithSelector(WrongPhase.selector, digests[0], uint8(DisputePhase.Resolved)));
        game.step(digests[0], abi.encode(bytes32(0)));
    }

    function test_step_invalidWitness_reverts() public {
        playToStep(0, 6, 2);
        vm.expectRevert();
        game.step(digests[0], hex"01");
    }

    // ------------------------------------------------------------ timeouts

    function test_timeout_executorsTurn_challengerWins_succeeds() public {
        openGame(0);
        vm.warp(block.timestamp + TIMEOUT);
        vm.prank(stranger);
        game.timeout(digests[0]);
        Game memory g = state(0);
        vm.assertEq(uint256(g.outcome), uint256(DisputeOutcome.ChallengerWins));
        vm.assertEq(uint256(g.reason), uint256(DisputeReason.Timeout));
        vm.assertTrue(rollup.invalidated(digests[0]));
        vm.assertEq(game.credits(challenger), BOND + MIN_STAKE * REWARD_BPS / 10_000);
    }

    function test_timeout_challengersTurn_executorWins_succeeds() public {
        openGame(0);
        executorMove(0);
        vm.warp(block.timestamp + TIMEOUT);
        game.timeout(digests[0]);
        Game memory g = state(0);
        vm.assertEq(uint256(g.outcome), uint256(DisputeOutcome.ExecutorWins));
        vm.assertEq(uint256(g.reason), uint256(DisputeReason.Timeout));
        vm.assertEq(game.credits(operator), BOND);
        vm.assertFalse(rollup.invalidated(digests[0]));
    }

    function test_timeout_missingStep_executorWins_succeeds() public {
        playToStep(0, 6, 2);
        vm.warp(block.timestamp + TIMEOUT);
        game.timeout(digests[0]);
        vm.assertEq(uint256(state(0).outcome), uint256(DisputeOutcome.ExecutorWins));
    }

    function test_timeout_beforeDeadline_reverts() public {
        openGame(0);
        uint64 deadline = state(0).deadline;
        vm.warp(deadline - 1);
        vm.expectRevert(abi.encodeWithSelector(DeadlineNotReached.selector, digests[0], deadline));
        game.timeout(digests[0]);
    }

    function test_timeout_twice_reverts() public {
        openGame(0);
        vm.warp(block.timestamp + TIMEOUT);
        game.timeout(digests[0]);
        vm.expectRevert(abi.encodeWithSelector(WrongPhase.selector, digests[0], uint8(DisputePhase.Resolved)));
        game.timeout(digests[0]);
    }

    function test_timeout_unknownGame_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(UnknownGame.selector, digests[0]));
        game.timeout(digests[0]);
    }

    // ------------------------------------------------------------ instant proofs

    function test_proveTraceLength_wrongLength_challengerWins_succeeds() public {
        openGame(0);
        executorMove(0);
        game.proveTraceLength(digests[0], abi.encode(uint64(14)));
        Game memory g = state(0);
        vm.assertEq(uint256(g.outcome), uint256(DisputeOutcome.ChallengerWins));
        vm.assertEq(uint256(g.reason), uint256(DisputeReason.TraceLength));
    }

    function test_proveTraceLength_correctLength_reverts() public {
        openGame(0);
        vm.expectRevert(abi.encodeWithSelector(TraceLengthCorrect.selector, uint64(13)));
        game.proveTraceLength(digests[0], abi.encode(uint64(13)));
    }

    function test_proveTraceLength_afterDeadline_reverts() public {
        openGame(0);
        uint64 deadline = state(0).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(DeadlinePassed.selector, digests[0], deadline));
        game.proveTraceLength(digests[0], abi.encode(uint64(14)));
    }

    /// @dev A batch with one receipt whose trace emits `emitted` at the first emitting position (prompt "Hi!" has
    ///      n = 3 tokens, so position 2 emits output token 0).
    function postTokenTrace(uint32 emitted) internal returns (uint256 i, bytes32[] memory leaves) {
        leaves = new bytes32[](4);
        leaves[0] = keccak256("embedding");
        leaves[1] = keccak256("layer");
        leaves[2] = keccak256(abi.encodePacked(bytes1(0x00), uint32(2), uint32(2), emitted));
        leaves[3] = keccak256("next");
        i = receipts.length;
        Receipt memory r = receipts[0];
        r.nonce = 99;
        r.traceLength = 4;
        r.traceRoot = MmrRef.rootAt(leaves, 4);
        bytes32 d = rollup.hashReceipt(r);
        receipts.push(r);
        signatures.push(signDigest(enclavePk, d));
        bytes32[] memory one = new bytes32[](1);
        one[0] = d;
        uint64 b = rollup.nextBatchIndex();
        vm.prank(sequencer);
        rollup.submitBatch(b, MerkleRef.root(MerkleRef.leaves(one)), 1, bytes32(0));
        digests.push(d);
        DisputeOpening memory o = opening(i);
        o.batchIndex = b;
        o.leafIndex = 0;
        o.inclusionProof = new bytes32[](0);
        vm.prank(challenger);
        game.open{value: BOND}(o);
    }

    function mismatchProof(bytes32[] memory leaves, uint32 position, uint32 token)
        internal
        pure
        returns (TokenMismatchProof memory p)
    {
        p.leafIndex = 2;
        p.position = position;
        p.step = 2;
        p.token = token;
        p.siblings = MmrRef.siblings(leaves, 4, 2);
        p.peaks = MmrRef.peaksAt(leaves, 4);
        p.outputTokens = outputTokens();
    }

    function test_proveTokenMismatch_emittedTokenDiffers_challengerWins_succeeds() public {
        (uint256 i, bytes32[] memory leaves) = postTokenTrace(8); // output token 0 is 7
        game.proveTokenMismatch(digests[i], mismatchProof(leaves, 2, 8));
        Game memory g = state(i);
        vm.assertEq(uint256(g.outcome), uint256(DisputeOutcome.ChallengerWins));
        vm.assertEq(uint256(g.reason), uint256(DisputeReason.TokenMismatch));
        vm.assertTrue(rollup.invalidated(digests[i]));
    }

    function test_proveTokenMismatch_sameToken_reverts() public {
        (uint256 i, bytes32[] memory leaves) = postTokenTrace(7);
        vm.expectRevert(NoTokenMismatch.selector);
        game.proveTokenMismatch(digests[i], mismatchProof(leaves, 2, 7));
    }

    function test_proveTokenMismatch_badOpeningOrPosition_reverts() public {
        (uint256 i, bytes32[] memory leaves) = postTokenTrace(8);
        TokenMismatchProof memory p = mismatchProof(leaves, 2, 8);
        p.siblings[0] = keccak256("forged");
        vm.expectRevert(NoTokenMismatch.selector);
        game.proveTokenMismatch(digests[i], p);

        p = mismatchProof(leaves, 1, 8); // a prompt position does not emit (and the leaf would not open)
        vm.expectRevert(NoTokenMismatch.selector);
        game.proveTokenMismatch(digests[i], p);

        p = mismatchProof(leaves, 2, 8);
        p.step = 0; // an embedding leaf is not an emit leaf
        vm.expectRevert(NoTokenMismatch.selector);
        game.proveTokenMismatch(digests[i], p);

        p = mismatchProof(leaves, 2, 8);
        p.outputTokens[0] = 8; // not the receipt's output
        vm.expectRevert(NoTokenMismatch.selector);
        game.proveTokenMismatch(digests[i], p);
    }

    function test_proveOutputAfterEos_eosBeforeTheLastToken_challengerWins_succeeds() public {
        openGame(0); // output [7, 300, 2]
        game.proveOutputAfterEos(digests[0], abi.encode(uint32(300)), outputTokens());
        Game memory g = state(0);
        vm.assertEq(uint256(g.outcome), uint256(DisputeOutcome.ChallengerWins));
        vm.assertEq(uint256(g.reason), uint256(DisputeReason.OutputAfterEos));
        vm.assertTrue(rollup.invalidated(digests[0]));
    }

    function test_proveOutputAfterEos_eosLastOrAbsent_reverts() public {
        openGame(0);
        vm.expectRevert(NoOutputAfterEos.selector);
        game.proveOutputAfterEos(digests[0], abi.encode(uint32(2)), outputTokens()); // EOS ends the output: honest
        vm.expectRevert(NoOutputAfterEos.selector);
        game.proveOutputAfterEos(digests[0], abi.encode(uint32(9)), outputTokens());
        uint32[] memory other = outputTokens();
        other[2] = 300;
        vm.expectRevert(OutputMismatch.selector);
        game.proveOutputAfterEos(digests[0], abi.encode(uint32(300)), other);
        vm.warp(block.timestamp + 2 hours);
        vm.expectRevert();
        game.proveOutputAfterEos(digests[0], abi.encode(uint32(300)), outputTokens());
    }

    // ------------------------------------------------------------ registry and funds

    function test_slash_notDisputeGame_reverts() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Unauthorized.selector, stranger));
        executors.slash(enclave);
    }

    function test_receive_notRegistry_reverts() public {
        vm.deal(stranger, 1 ether);
        vm.prank(stranger);
        (bool ok,) = address(game).call{value: 1 ether}("");
        vm.assertFalse(ok);
    }

    function test_secondLoss_slashesNothing_succeeds() public {
        openGame(0);
        openGame(3);
        vm.warp(block.timestamp + TIMEOUT);
        game.timeout(digests[0]);
        game.timeout(digests[3]);
        vm.assertEq(game.credits(challenger), 2 * BOND + MIN_STAKE * REWARD_BPS / 10_000);
        vm.assertEq(game.totalBurned(), MIN_STAKE - MIN_STAKE * REWARD_BPS / 10_000);
        vm.assertEq(address(game).balance, game.totalBonded() + game.totalCredited() + game.totalBurned());
    }
}
