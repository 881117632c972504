// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {DisputeTestBase} from "./dispute/DisputeTestBase.sol";
import {DisputeHandler, IDisputeFixture} from "./dispute/DisputeHandler.sol";
import {MerkleRef} from "./base/MerkleRef.sol";
import {DisputeOpening, Game} from "../src/DisputeGame.sol";
import {DisputeOutcome, DisputePhase, ReceiptStatus} from "../src/Types.sol";

/// Invariants of the dispute game under random play by actor contracts (DisputeHandler): ether is conserved, no game
/// resolves twice, no move lands at or after its deadline, no second game opens on a receipt, and a disputed receipt
/// never finalises (an open game keeps it DISPUTED; a lost one INVALIDATED).
contract DisputeGame_Invariant is DisputeTestBase, IDisputeFixture {
    DisputeHandler internal handler;

    function setUp() public override {
        super.setUp();
        uint64[] memory lengths = new uint64[](5);
        lengths[0] = 13;
        lengths[1] = 1;
        lengths[2] = 2;
        lengths[3] = 7;
        lengths[4] = 21;
        postReceipts(lengths);
        handler = new DisputeHandler(game, this, operator, challenger, makeAddr("challenger 2"));
    }

    /// @notice Forge's invariant runner calls only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function openingFor(uint256 i) external view returns (DisputeOpening memory) {
        return opening(i);
    }

    function coarseLeavesOf(uint256 i) external view returns (bytes32[] memory) {
        return coarse[i];
    }

    function receiptCount() external view returns (uint256) {
        return receipts.length;
    }

    /// @notice The handler's directed moves play a game through the fine phase to the one step and a resolution
    ///         (random play interleaves them with illegal, late and junk moves).
    function test_handler_playsToOneStepAndResolution_succeeds() public {
        handler.open(4, 0);
        handler.advance(4, 0);
        vm.assertTrue(handler.oneSteps() > 0, "reached the one step");
        vm.assertTrue(handler.resolutions() > 0, "resolved");
        vm.assertEq(uint8(game.gameOf(digests[4]).phase), uint8(DisputePhase.Resolved));
        invariant_etherConserved();
        invariant_noForbiddenMoveSucceeded();
        invariant_disputedReceiptNeverFinalises();
    }

    function invariant_etherConserved() public view {
        vm.assertEq(
            MIN_STAKE + handler.bondsIn(),
            address(executors).balance + address(game).balance + handler.withdrawn(),
            "ether in = held + paid out (burned ether stays held by the game)"
        );
        vm.assertEq(address(game).balance, game.totalBonded() + game.totalCredited() + game.totalBurned(), "game");
        vm.assertEq(address(executors).balance, executors.totalStaked(), "registry");
    }

    function invariant_noForbiddenMoveSucceeded() public view {
        vm.assertEq(handler.doubleResolutions(), 0, "a game resolved twice or a move landed on a settled game");
        vm.assertEq(handler.lateMoves(), 0, "a move landed at or after its deadline");
        vm.assertEq(handler.secondGames(), 0, "a second game opened on a receipt");
    }

    function invariant_disputedReceiptNeverFinalises() public view {
        bytes32[] memory leaves = MerkleRef.leaves(digests);
        for (uint256 i = 0; i < digests.length; i++) {
            Game memory g = game.gameOf(digests[i]);
            ReceiptStatus s = rollup.receiptStatus(batch, digests[i], i, MerkleRef.proof(leaves, i));
            if (g.phase == DisputePhase.None) continue;
            if (g.phase != DisputePhase.Resolved) {
                vm.assertEq(uint8(s), uint8(ReceiptStatus.Disputed), "open game");
            } else if (g.outcome == DisputeOutcome.ChallengerWins) {
                vm.assertEq(uint8(s), uint8(ReceiptStatus.Invalidated), "lost game");
            } else {
                vm.assertEq(uint8(s), uint8(ReceiptStatus.Final), "won game");
            }
        }
    }
}
