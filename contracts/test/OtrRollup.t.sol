// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {OtrTestBase} from "./base/OtrTestBase.sol";
import {OtrRollup} from "../src/OtrRollup.sol";
import {
    BatchAlreadyFinalized,
    BatchIndexMismatch,
    ChallengeWindowOpen,
    EmptyBatch,
    NoOpenDispute,
    Unauthorized,
    UnknownBatch,
    ZeroAddress,
    ZeroChallengeWindow,
    ZeroRoot
} from "../src/Errors.sol";

/// Roles, batch submission and finalization.
contract OtrRollup_Test is OtrTestBase {
    bytes32 internal constant ROOT = keccak256("root");
    bytes32 internal constant DATA = keccak256("data");

    function submit(uint64 index) internal {
        vm.prank(sequencer);
        rollup.submitBatch(index, ROOT, 3, DATA);
    }

    function test_constructor_setsParameters_succeeds() public view {
        vm.assertEq(rollup.owner(), owner);
        vm.assertEq(rollup.challengeWindow(), WINDOW);
        vm.assertEq(rollup.sequencer(), sequencer);
        vm.assertEq(rollup.disputeGame(), address(0));
        vm.assertEq(rollup.nextBatchIndex(), 0);
        (, string memory name, string memory version, uint256 chainId, address verifying,,) = rollup.eip712Domain();
        vm.assertEq(name, "OTR");
        vm.assertEq(version, "1");
        vm.assertEq(chainId, block.chainid);
        vm.assertEq(verifying, address(rollup));
    }

    function test_constructor_zeroWindow_reverts() public {
        vm.expectRevert(ZeroChallengeWindow.selector);
        new OtrRollup(owner, 0);
    }

    function test_setSequencer_byOwner_succeeds() public {
        vm.expectEmit(address(rollup));
        emit OtrRollup.SequencerSet(sequencer, stranger);
        vm.prank(owner);
        rollup.setSequencer(stranger);
        vm.assertEq(rollup.sequencer(), stranger);
    }

    function test_setSequencer_notOwner_reverts() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        rollup.setSequencer(stranger);
    }

    function test_setSequencer_zeroAddress_reverts() public {
        vm.prank(owner);
        vm.expectRevert(ZeroAddress.selector);
        rollup.setSequencer(address(0));
    }

    function test_setDisputeGame_byOwner_succeeds() public {
        vm.expectEmit(address(rollup));
        emit OtrRollup.DisputeGameSet(address(0), stranger);
        vm.prank(owner);
        rollup.setDisputeGame(stranger);
        vm.assertEq(rollup.disputeGame(), stranger);
    }

    function test_setDisputeGame_notOwner_reverts() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        rollup.setDisputeGame(stranger);
    }

    function test_setDisputeGame_zeroAddress_reverts() public {
        vm.prank(owner);
        vm.expectRevert(ZeroAddress.selector);
        rollup.setDisputeGame(address(0));
    }

    function test_submitBatch_bySequencer_succeeds() public {
        vm.expectEmit(address(rollup));
        emit OtrRollup.BatchSubmitted(0, ROOT, 3, DATA, uint64(block.timestamp));
        submit(0);

        (bytes32 root, uint32 count, bytes32 data, uint64 postedAt, bool finalized) = rollup.batches(0);
        vm.assertEq(root, ROOT);
        vm.assertEq(count, 3);
        vm.assertEq(data, DATA);
        vm.assertEq(postedAt, block.timestamp);
        vm.assertFalse(finalized);
        vm.assertEq(rollup.nextBatchIndex(), 1);
        vm.assertEq(rollup.finalizesAt(0), block.timestamp + WINDOW);

        submit(1);
        vm.assertEq(rollup.nextBatchIndex(), 2);
    }

    function test_submitBatch_notSequencer_reverts() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(Unauthorized.selector, owner));
        rollup.submitBatch(0, ROOT, 3, DATA);
    }

    /// A restarted sequencer that re-posts its last batch learns the expected index from the revert.
    function test_submitBatch_sameIndexTwice_reverts() public {
        submit(0);
        vm.prank(sequencer);
        vm.expectRevert(abi.encodeWithSelector(BatchIndexMismatch.selector, uint64(1), uint64(0)));
        rollup.submitBatch(0, ROOT, 3, DATA);
    }

    function test_submitBatch_skippedIndex_reverts() public {
        vm.prank(sequencer);
        vm.expectRevert(abi.encodeWithSelector(BatchIndexMismatch.selector, uint64(0), uint64(1)));
        rollup.submitBatch(1, ROOT, 3, DATA);
    }

    function test_submitBatch_zeroCount_reverts() public {
        vm.prank(sequencer);
        vm.expectRevert(EmptyBatch.selector);
        rollup.submitBatch(0, ROOT, 0, DATA);
    }

    function test_submitBatch_zeroRoot_reverts() public {
        vm.prank(sequencer);
        vm.expectRevert(ZeroRoot.selector);
        rollup.submitBatch(0, bytes32(0), 3, DATA);
    }

    function test_finalizeBatch_windowElapsed_succeeds() public {
        submit(0);
        uint256 at = block.timestamp + WINDOW;
        vm.warp(at);
        vm.expectEmit(address(rollup));
        emit OtrRollup.BatchFinalized(0, uint64(at));
        vm.prank(stranger);
        rollup.finalizeBatch(0);
        (,,,, bool finalized) = rollup.batches(0);
        vm.assertTrue(finalized);
    }

    function test_finalizeBatch_windowOpen_reverts() public {
        submit(0);
        uint256 at = block.timestamp + WINDOW;
        vm.warp(at - 1);
        vm.expectRevert(abi.encodeWithSelector(ChallengeWindowOpen.selector, uint64(0), at));
        rollup.finalizeBatch(0);
    }

    function test_finalizeBatch_twice_reverts() public {
        submit(0);
        vm.warp(block.timestamp + WINDOW);
        rollup.finalizeBatch(0);
        vm.expectRevert(abi.encodeWithSelector(BatchAlreadyFinalized.selector, uint64(0)));
        rollup.finalizeBatch(0);
    }

    function test_finalizeBatch_unknownBatch_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(UnknownBatch.selector, uint64(0)));
        rollup.finalizeBatch(0);
    }

    function test_batches_unknownBatch_succeeds() public view {
        (bytes32 root, uint32 count, bytes32 data, uint64 postedAt, bool finalized) = rollup.batches(5);
        vm.assertEq(root, bytes32(0));
        vm.assertEq(count, 0);
        vm.assertEq(data, bytes32(0));
        vm.assertEq(postedAt, 0);
        vm.assertFalse(finalized);
    }

    function test_finalizesAt_unknownBatch_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(UnknownBatch.selector, uint64(0)));
        rollup.finalizesAt(0);
    }

    function test_settleDispute_notDisputeGame_reverts() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(Unauthorized.selector, owner));
        rollup.settleDispute(ROOT, true);
    }

    function test_settleDispute_noOpenDispute_reverts() public {
        vm.prank(owner);
        rollup.setDisputeGame(stranger);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(NoOpenDispute.selector, ROOT));
        rollup.settleDispute(ROOT, true);
    }

    function test_openDispute_notDisputeGame_reverts() public {
        submit(0);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(Unauthorized.selector, owner));
        rollup.openDispute(0, ROOT, 0, new bytes32[](0));
    }
}
