// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {OtrTestBase} from "./base/OtrTestBase.sol";
import {ModelRegistry} from "../src/ModelRegistry.sol";
import {EmptyProfile, ModelAlreadyRegistered, UnknownModel, ZeroModelId, ZeroWeightsRoot} from "../src/Errors.sol";

contract ModelRegistry_Test is OtrTestBase {
    bytes32 internal constant OTHER = keccak256("otr-other");

    function test_constructor_setsOwner_succeeds() public view {
        vm.assertEq(models.owner(), owner);
    }

    function test_registerModel_storesEverything_succeeds() public {
        vm.expectEmit(address(models));
        emit ModelRegistry.ModelRegistered(OTHER, bytes32(uint256(7)), bytes32(uint256(8)), "fp-attested", 42);
        vm.prank(owner);
        models.registerModel(OTHER, bytes32(uint256(7)), bytes32(uint256(8)), "fp-attested", 42);

        ModelRegistry.Model memory m = models.getModel(OTHER);
        vm.assertEq(m.weightsRoot, bytes32(uint256(7)));
        vm.assertEq(m.tokenizerDigest, bytes32(uint256(8)));
        vm.assertEq(m.pricePerToken, 42);
        vm.assertEq(m.registeredAt, block.timestamp);
        vm.assertEq(m.profile, "fp-attested");
        vm.assertTrue(models.isRegistered(OTHER));
        vm.assertEq(models.weightsRootOf(OTHER), bytes32(uint256(7)));
        vm.assertEq(models.pricePerTokenOf(OTHER), 42);
        vm.assertEq(models.modelCount(), 2);
        vm.assertEq(models.modelIdAt(0), MODEL_ID);
        vm.assertEq(models.modelIdAt(1), OTHER);
    }

    function test_registerModel_duplicateId_reverts() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(ModelAlreadyRegistered.selector, MODEL_ID));
        models.registerModel(MODEL_ID, bytes32(uint256(1)), TOKENIZER, "q8-exact", 1);
    }

    function test_registerModel_zeroId_reverts() public {
        vm.prank(owner);
        vm.expectRevert(ZeroModelId.selector);
        models.registerModel(bytes32(0), WEIGHTS_ROOT, TOKENIZER, "q8-exact", 1);
    }

    function test_registerModel_zeroWeightsRoot_reverts() public {
        vm.prank(owner);
        vm.expectRevert(ZeroWeightsRoot.selector);
        models.registerModel(OTHER, bytes32(0), TOKENIZER, "q8-exact", 1);
    }

    function test_registerModel_emptyProfile_reverts() public {
        vm.prank(owner);
        vm.expectRevert(EmptyProfile.selector);
        models.registerModel(OTHER, WEIGHTS_ROOT, TOKENIZER, "", 1);
    }

    function test_registerModel_notOwner_reverts() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        models.registerModel(OTHER, WEIGHTS_ROOT, TOKENIZER, "q8-exact", 1);
    }

    function test_isRegistered_unknownModel_succeeds() public view {
        vm.assertFalse(models.isRegistered(OTHER));
    }

    function test_getModel_unknownModel_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(UnknownModel.selector, OTHER));
        models.getModel(OTHER);
    }

    function test_weightsRootOf_unknownModel_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(UnknownModel.selector, OTHER));
        models.weightsRootOf(OTHER);
    }

    function test_pricePerTokenOf_unknownModel_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(UnknownModel.selector, OTHER));
        models.pricePerTokenOf(OTHER);
    }

    function test_modelIdAt_outOfRange_reverts() public {
        vm.expectRevert();
        models.modelIdAt(1);
    }
}
