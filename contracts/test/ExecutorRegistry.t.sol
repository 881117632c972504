// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {OtrTestBase} from "./base/OtrTestBase.sol";
import {ExecutorRegistry} from "../src/ExecutorRegistry.sol";
import {IAttestationVerifier} from "../src/IAttestationVerifier.sol";
import {ModelRegistry} from "../src/ModelRegistry.sol";
import {
    EnclaveKeyAlreadyRegistered,
    InsufficientStake,
    InvalidAttestation,
    MeasurementNotAllowed,
    Unauthorized,
    UnknownEnclaveKey,
    UnknownModel,
    ZeroAddress,
    ZeroStake
} from "../src/Errors.sol";

contract ExecutorRegistry_Test is OtrTestBase {
    bytes32 internal constant CHEAP_MODEL = keccak256("otr-cheap");
    bytes32 internal constant CHEAP_WEIGHTS = keccak256("cheap-weights");

    function test_constructor_setsParameters_succeeds() public view {
        vm.assertEq(address(executors.models()), address(models));
        vm.assertEq(address(executors.verifier()), address(verifier));
        vm.assertEq(executors.minStake(), MIN_STAKE);
        vm.assertEq(executors.owner(), owner);
    }

    function test_constructor_zeroModels_reverts() public {
        vm.expectRevert(ZeroAddress.selector);
        new ExecutorRegistry(owner, ModelRegistry(address(0)), verifier, MIN_STAKE);
    }

    function test_constructor_zeroVerifier_reverts() public {
        vm.expectRevert(ZeroAddress.selector);
        new ExecutorRegistry(owner, models, IAttestationVerifier(address(0)), MIN_STAKE);
    }

    function test_setMeasurementAllowed_toggles_succeeds() public {
        bytes32 m = keccak256("new-image");
        vm.expectEmit(address(executors));
        emit ExecutorRegistry.MeasurementAllowed(m, true);
        vm.prank(owner);
        executors.setMeasurementAllowed(m, true);
        vm.assertTrue(executors.allowedMeasurement(m));

        vm.prank(owner);
        executors.setMeasurementAllowed(m, false);
        vm.assertFalse(executors.allowedMeasurement(m));
    }

    function test_setMeasurementAllowed_notOwner_reverts() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        executors.setMeasurementAllowed(MEASUREMENT, false);
    }

    function test_register_validEvidence_succeeds() public {
        bytes memory evidence = devEvidence(enclave, MEASUREMENT, WEIGHTS_ROOT);
        vm.expectEmit(address(executors));
        emit ExecutorRegistry.ExecutorRegistered(enclave, MODEL_ID, operator, MEASUREMENT, 2 ether);
        vm.prank(operator);
        executors.register{value: 2 ether}(enclave, MODEL_ID, MEASUREMENT, evidence);

        ExecutorRegistry.Registration memory r = executors.registrationOf(enclave);
        vm.assertEq(r.operator, operator);
        vm.assertEq(r.modelId, MODEL_ID);
        vm.assertEq(r.measurement, MEASUREMENT);
        vm.assertEq(r.stake, 2 ether);
        vm.assertEq(r.registeredAt, block.timestamp);
        vm.assertTrue(executors.isRegistered(enclave, MODEL_ID));
        vm.assertEq(executors.totalStaked(), 2 ether);
        vm.assertEq(address(executors).balance, 2 ether);
    }

    function test_register_zeroKey_reverts() public {
        bytes memory evidence = devEvidence(address(0), MEASUREMENT, WEIGHTS_ROOT);
        vm.prank(operator);
        vm.expectRevert(ZeroAddress.selector);
        executors.register{value: MIN_STAKE}(address(0), MODEL_ID, MEASUREMENT, evidence);
    }

    function test_register_sameKeyTwice_reverts() public {
        registerEnclave(enclave);
        bytes memory evidence = devEvidence(enclave, MEASUREMENT, WEIGHTS_ROOT);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnclaveKeyAlreadyRegistered.selector, enclave));
        executors.register{value: MIN_STAKE}(enclave, MODEL_ID, MEASUREMENT, evidence);
    }

    function test_register_belowMinStake_reverts() public {
        bytes memory evidence = devEvidence(enclave, MEASUREMENT, WEIGHTS_ROOT);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(InsufficientStake.selector, MIN_STAKE - 1, MIN_STAKE));
        executors.register{value: MIN_STAKE - 1}(enclave, MODEL_ID, MEASUREMENT, evidence);
    }

    function test_register_unknownModel_reverts() public {
        bytes memory evidence = devEvidence(enclave, MEASUREMENT, WEIGHTS_ROOT);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(UnknownModel.selector, CHEAP_MODEL));
        executors.register{value: MIN_STAKE}(enclave, CHEAP_MODEL, MEASUREMENT, evidence);
    }

    function test_register_measurementNotAllowed_reverts() public {
        bytes32 m = keccak256("rogue-image");
        bytes memory evidence = devEvidence(enclave, m, WEIGHTS_ROOT);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(MeasurementNotAllowed.selector, m));
        executors.register{value: MIN_STAKE}(enclave, MODEL_ID, m, evidence);
    }

    function test_register_evidenceNotFromRoot_reverts() public {
        bytes memory evidence =
            signDigest(privateKeyOf("not-root"), verifier.attestationDigest(enclave, MEASUREMENT, WEIGHTS_ROOT));
        vm.prank(operator);
        vm.expectRevert(InvalidAttestation.selector);
        executors.register{value: MIN_STAKE}(enclave, MODEL_ID, MEASUREMENT, evidence);
    }

    function test_register_evidenceForOtherKey_reverts() public {
        bytes memory evidence = devEvidence(stranger, MEASUREMENT, WEIGHTS_ROOT);
        vm.prank(operator);
        vm.expectRevert(InvalidAttestation.selector);
        executors.register{value: MIN_STAKE}(enclave, MODEL_ID, MEASUREMENT, evidence);
    }

    /// Model downgrade: an enclave attested with a cheap model's weights cannot register for the expensive model.
    function test_register_evidenceForOtherWeights_reverts() public {
        vm.prank(owner);
        models.registerModel(CHEAP_MODEL, CHEAP_WEIGHTS, TOKENIZER, "q8-exact", 1);
        bytes memory evidence = devEvidence(enclave, MEASUREMENT, CHEAP_WEIGHTS);
        vm.prank(operator);
        vm.expectRevert(InvalidAttestation.selector);
        executors.register{value: MIN_STAKE}(enclave, MODEL_ID, MEASUREMENT, evidence);

        vm.prank(operator);
        executors.register{value: MIN_STAKE}(enclave, CHEAP_MODEL, MEASUREMENT, evidence);
        vm.assertTrue(executors.isRegistered(enclave, CHEAP_MODEL));
        vm.assertFalse(executors.isRegistered(enclave, MODEL_ID));
    }

    function test_addStake_byOperator_succeeds() public {
        registerEnclave(enclave);
        vm.expectEmit(address(executors));
        emit ExecutorRegistry.StakeAdded(enclave, 3 ether, MIN_STAKE + 3 ether);
        vm.prank(operator);
        executors.addStake{value: 3 ether}(enclave);
        vm.assertEq(executors.registrationOf(enclave).stake, MIN_STAKE + 3 ether);
        vm.assertEq(executors.totalStaked(), MIN_STAKE + 3 ether);
        vm.assertEq(address(executors).balance, MIN_STAKE + 3 ether);
    }

    function test_addStake_unknownKey_reverts() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(UnknownEnclaveKey.selector, enclave));
        executors.addStake{value: 1 ether}(enclave);
    }

    function test_addStake_notOperator_reverts() public {
        registerEnclave(enclave);
        vm.deal(stranger, 1 ether);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Unauthorized.selector, stranger));
        executors.addStake{value: 1 ether}(enclave);
    }

    function test_addStake_zeroValue_reverts() public {
        registerEnclave(enclave);
        vm.prank(operator);
        vm.expectRevert(ZeroStake.selector);
        executors.addStake(enclave);
    }

    function test_isRegistered_unknownKey_succeeds() public view {
        vm.assertFalse(executors.isRegistered(enclave, MODEL_ID));
    }

    function test_registrationOf_unknownKey_succeeds() public view {
        ExecutorRegistry.Registration memory r = executors.registrationOf(enclave);
        vm.assertEq(r.operator, address(0));
        vm.assertEq(r.registeredAt, 0);
        vm.assertEq(r.stake, 0);
    }

    /// Stake accounting: the registry's balance always equals the sum of the registrations' stake.
    function testFuzz_register_stakeAccounting_succeeds(uint96 a, uint96 b, uint96 extra) public {
        uint256 sa = bound(a, MIN_STAKE, 10 ether);
        uint256 sb = bound(b, MIN_STAKE, 10 ether);
        uint256 se = bound(extra, 1, 10 ether);
        address k2 = vm.addr(privateKeyOf("enclave-2"));
        bytes memory e1 = devEvidence(enclave, MEASUREMENT, WEIGHTS_ROOT);
        bytes memory e2 = devEvidence(k2, MEASUREMENT, WEIGHTS_ROOT);
        vm.startPrank(operator);
        executors.register{value: sa}(enclave, MODEL_ID, MEASUREMENT, e1);
        executors.register{value: sb}(k2, MODEL_ID, MEASUREMENT, e2);
        executors.addStake{value: se}(k2);
        vm.stopPrank();
        uint256 sum = executors.registrationOf(enclave).stake + executors.registrationOf(k2).stake;
        vm.assertEq(sum, sa + sb + se);
        vm.assertEq(executors.totalStaked(), sum);
        vm.assertEq(address(executors).balance, sum);
    }

    // ------------------------------------------------------------ dispute game role and slashing

    function test_setDisputeGame_owner_succeeds() public {
        vm.prank(owner);
        executors.setDisputeGame(stranger);
        vm.assertEq(executors.disputeGame(), stranger);
    }

    function test_setDisputeGame_notOwnerOrZero_reverts() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        executors.setDisputeGame(stranger);
        vm.prank(owner);
        vm.expectRevert(ZeroAddress.selector);
        executors.setDisputeGame(address(0));
    }

    function test_slash_byDisputeGame_takesWholeStake_succeeds() public {
        registerEnclave(enclave);
        vm.prank(operator);
        executors.addStake{value: 2 ether}(enclave);
        SlashReceiver game = new SlashReceiver();
        vm.prank(owner);
        executors.setDisputeGame(address(game));
        vm.prank(address(game));
        uint256 amount = executors.slash(enclave);
        vm.assertEq(amount, MIN_STAKE + 2 ether);
        vm.assertEq(address(game).balance, amount);
        vm.assertEq(executors.registrationOf(enclave).stake, 0);
        vm.assertEq(executors.totalStaked(), 0);
        vm.assertTrue(executors.isRegistered(enclave, MODEL_ID), "registration stays");
        vm.prank(address(game));
        vm.assertEq(executors.slash(enclave), 0, "nothing left");
    }

    function test_slash_unknownKeyOrNotGame_reverts() public {
        vm.prank(owner);
        executors.setDisputeGame(stranger);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(UnknownEnclaveKey.selector, enclave));
        executors.slash(enclave);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(Unauthorized.selector, operator));
        executors.slash(enclave);
    }
}

/// @notice Accepts the slashed ether like the dispute game does.
contract SlashReceiver {
    receive() external payable {}
}
