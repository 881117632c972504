// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "../base/Test.sol";
import {MmrRef} from "./MmrRef.sol";
import {DisputeGame, DisputeOpening, Game} from "../../src/DisputeGame.sol";
import {DisputePhase} from "../../src/Types.sol";

/// @notice Where the handler gets openings and executor traces (the invariant test).
interface IDisputeFixture {
    function openingFor(uint256 i) external view returns (DisputeOpening memory);
    function coarseLeavesOf(uint256 i) external view returns (bytes32[] memory);
    function receiptCount() external view returns (uint256);
}

/// @notice Invariant-test actor: plays random moves for random receipts as the challengers, the executor's operator
///         and strangers, honest or not, early or late, and records anything the rules forbid that succeeded.
contract DisputeHandler is Test {
    uint64 internal constant FINE = 6;

    DisputeGame internal immutable game;
    IDisputeFixture internal immutable fixture;
    address internal immutable operator;
    address[2] internal challengers;

    /// @notice Ghosts: ether sent in as bonds and out by withdrawals; forbidden things that succeeded.
    uint256 public bondsIn;
    uint256 public withdrawn;
    uint256 public lateMoves;
    uint256 public doubleResolutions;
    uint256 public secondGames;
    uint256 public calls;
    uint256 public resolutions;
    uint256 public oneSteps;
    mapping(bytes32 digest => bool) public opened;

    constructor(DisputeGame game_, IDisputeFixture fixture_, address operator_, address c0, address c1) {
        game = game_;
        fixture = fixture_;
        operator = operator_;
        challengers = [c0, c1];
    }

    function _pick(uint256 r) internal view returns (uint256 i, bytes32 digest, Game memory g) {
        i = r % fixture.receiptCount();
        digest = _digest(i);
        g = game.gameOf(digest);
    }

    function _digest(uint256 i) internal view returns (bytes32) {
        return game.rollup().hashReceipt(fixture.openingFor(i).receipt);
    }

    function _fine(uint256 i, uint64 k) internal view returns (bytes32[] memory f) {
        f = new bytes32[](FINE);
        for (uint256 j = 0; j + 1 < FINE; j++) {
            f[j] = keccak256(abi.encode("fine", i, k, j));
        }
        f[FINE - 1] = fixture.coarseLeavesOf(i)[k];
    }

    /// @dev Records a successful call that the game state before it forbade.
    function _after(Game memory before, bool ok, bool resolves) internal {
        calls++;
        if (!ok) return;
        if (before.phase == DisputePhase.Resolved || before.phase == DisputePhase.None) doubleResolutions++;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= before.deadline) lateMoves++;
        if (resolves) resolutions++;
    }

    /// @notice The legal move of the phase (honest executor, random challenger answers and step rulings), several
    ///         times, so that random play reaches the fine phase and the one step, not only early timeouts.
    function advance(uint256 r, uint256 choices) external {
        for (uint256 n = 0; n < 40; n++) {
            (, bytes32 digest, Game memory g) = _pick(r);
            bool coin = (choices >> (n % 256)) & 1 == 1;
            if (g.phase == DisputePhase.None || g.phase == DisputePhase.Resolved) return;
            if (g.phase == DisputePhase.CoarseBisect || g.phase == DisputePhase.FineBisect) {
                this.bisect(r, true, 0);
            } else if (g.phase == DisputePhase.CoarseRespond || g.phase == DisputePhase.FineRespond) {
                this.respond(r, 0, coin);
            } else if (g.phase == DisputePhase.CoarseLeaf || g.phase == DisputePhase.FineLeaf) {
                this.revealLeaf(r);
            } else if (g.phase == DisputePhase.FineCommit) {
                this.commitFine(r);
            } else {
                this.step(r, coin);
            }
            if (game.gameOf(digest).phase == DisputePhase.OneStep) oneSteps++;
        }
    }

    function open(uint256 r, uint256 who) external {
        (uint256 i, bytes32 digest,) = _pick(r);
        address c = challengers[who % 2];
        uint256 bond = game.bond();
        vm.deal(c, c.balance + bond);
        DisputeOpening memory o = fixture.openingFor(i);
        vm.prank(c);
        try game.open{value: bond}(o) {
            if (opened[digest]) secondGames++;
            opened[digest] = true;
            bondsIn += bond;
        } catch {}
        calls++;
    }

    function bisect(uint256 r, bool honest, bytes32 junk) external {
        (uint256 i, bytes32 digest, Game memory g) = _pick(r);
        bytes32 root = junk;
        if (honest && g.hi > g.lo) {
            uint64 mid = g.lo + (g.hi - g.lo) / 2;
            root = g.phase == DisputePhase.FineBisect
                ? MmrRef.rootAt(_fine(i, g.coarseIndex), mid)
                : MmrRef.rootAt(fixture.coarseLeavesOf(i), mid);
        }
        vm.prank(operator);
        try game.bisect(digest, root) {
            _after(g, true, false);
        } catch {
            _after(g, false, false);
        }
    }

    function respond(uint256 r, uint256 who, bool agree) external {
        (, bytes32 digest, Game memory g) = _pick(r);
        vm.prank(who % 3 == 2 ? operator : g.challenger);
        try game.respond(digest, agree) {
            _after(g, true, false);
        } catch {
            _after(g, false, false);
        }
    }

    function revealLeaf(uint256 r) external {
        (uint256 i, bytes32 digest, Game memory g) = _pick(r);
        bytes32[] memory leaves = g.phase == DisputePhase.FineLeaf ? _fine(i, g.coarseIndex) : fixture.coarseLeavesOf(i);
        if (g.lo >= leaves.length) return;
        bytes32[] memory peaks = MmrRef.peaksAt(leaves, g.lo);
        vm.prank(operator);
        try game.revealLeaf(digest, leaves[g.lo], peaks) {
            _after(g, true, false);
        } catch {
            _after(g, false, false);
        }
    }

    function commitFine(uint256 r) external {
        (uint256 i, bytes32 digest, Game memory g) = _pick(r);
        if (g.phase != DisputePhase.FineCommit) return;
        bytes32[] memory f = _fine(i, g.coarseIndex);
        bytes32 root = MmrRef.rootAt(f, FINE);
        bytes32 last = MmrRef.rootAt(f, FINE - 1);
        bytes32[] memory peaks = MmrRef.peaksAt(f, FINE - 1);
        vm.prank(operator);
        try game.commitFine(digest, root, last, peaks, abi.encode(FINE)) {
            _after(g, true, false);
        } catch {
            _after(g, false, false);
        }
    }

    function step(uint256 r, bool executorRight) external {
        (, bytes32 digest, Game memory g) = _pick(r);
        bytes32 correct = executorRight ? g.fineLeaf : keccak256(abi.encode(g.fineLeaf));
        try game.step(digest, abi.encode(correct)) {
            _after(g, true, true);
        } catch {
            _after(g, false, true);
        }
    }

    function proveTraceLength(uint256 r, uint64 expected) external {
        (, bytes32 digest, Game memory g) = _pick(r);
        try game.proveTraceLength(digest, abi.encode(expected % 24)) {
            _after(g, true, true);
        } catch {
            _after(g, false, true);
        }
    }

    function timeout(uint256 r) external {
        (, bytes32 digest, Game memory g) = _pick(r);
        try game.timeout(digest) {
            calls++;
            resolutions++;
            if (g.phase == DisputePhase.Resolved || g.phase == DisputePhase.None) doubleResolutions++;
            // forge-lint: disable-next-line(block-timestamp)
            if (block.timestamp < g.deadline) lateMoves++;
        } catch {
            calls++;
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 3 hours));
    }

    function withdraw(uint256 who) external {
        address a = who % 3 == 2 ? operator : challengers[who % 2];
        uint256 before = a.balance;
        vm.prank(a);
        try game.withdraw() {
            withdrawn += a.balance - before;
        } catch {}
        calls++;
    }
}
