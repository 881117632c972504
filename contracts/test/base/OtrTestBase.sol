// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "./Test.sol";
import {DevAttestationVerifier} from "../../src/DevAttestationVerifier.sol";
import {ExecutorRegistry} from "../../src/ExecutorRegistry.sol";
import {ModelRegistry} from "../../src/ModelRegistry.sol";
import {OtrRollup} from "../../src/OtrRollup.sol";
import {Receipt} from "../../src/Types.sol";

/// @notice Deploys the whole OTR contract set the way the C# OtrDeployer does, with one registered model and
///         an allowed measurement, plus helpers to attest and register enclave keys and to build receipts.
abstract contract OtrTestBase is Test {
    uint64 internal constant WINDOW = 1 hours;
    uint256 internal constant MIN_STAKE = 1 ether;
    bytes32 internal constant MODEL_ID = keccak256("otr-demo-q8");
    bytes32 internal constant WEIGHTS_ROOT = keccak256("weights");
    bytes32 internal constant TOKENIZER = keccak256("tokenizer");
    bytes32 internal constant MEASUREMENT = keccak256("executor-image");
    uint256 internal constant PRICE = 1 gwei;

    address internal owner;
    address internal sequencer;
    address internal operator;
    address internal stranger;
    uint256 internal devRootPk;
    uint256 internal enclavePk;
    address internal enclave;

    ModelRegistry internal models;
    DevAttestationVerifier internal verifier;
    ExecutorRegistry internal executors;
    OtrRollup internal rollup;

    function setUp() public virtual {
        owner = makeAddr("owner");
        sequencer = makeAddr("sequencer");
        operator = makeAddr("operator");
        stranger = makeAddr("stranger");
        devRootPk = privateKeyOf("dev-root");
        enclavePk = privateKeyOf("enclave");
        enclave = vm.addr(enclavePk);
        vm.deal(operator, 100 ether);
        vm.warp(1_700_000_000);

        models = new ModelRegistry(owner);
        verifier = new DevAttestationVerifier(vm.addr(devRootPk));
        executors = new ExecutorRegistry(owner, models, verifier, MIN_STAKE);
        rollup = new OtrRollup(owner, WINDOW);

        vm.startPrank(owner);
        rollup.setSequencer(sequencer);
        models.registerModel(MODEL_ID, WEIGHTS_ROOT, TOKENIZER, "q8-exact", PRICE);
        executors.setMeasurementAllowed(MEASUREMENT, true);
        vm.stopPrank();
    }

    function devEvidence(address key, bytes32 measurement, bytes32 weightsRoot) internal view returns (bytes memory) {
        return signDigest(devRootPk, verifier.attestationDigest(key, measurement, weightsRoot));
    }

    function registerEnclave(address key) internal {
        bytes memory evidence = devEvidence(key, MEASUREMENT, WEIGHTS_ROOT);
        vm.prank(operator);
        executors.register{value: MIN_STAKE}(key, MODEL_ID, MEASUREMENT, evidence);
    }

    function sampleReceipt(uint256 salt) internal view returns (Receipt memory r) {
        r = Receipt({
            requestId: keccak256(abi.encode("request", salt)),
            modelId: MODEL_ID,
            promptHash: keccak256(abi.encode("prompt", salt)),
            paramsHash: keccak256(abi.encode(uint32(16), uint32(0), uint64(salt))),
            outputHash: keccak256(abi.encode("output", salt)),
            traceRoot: keccak256(abi.encode("trace", salt)),
            traceLength: uint64(100 + salt),
            executor: enclave,
            nonce: uint64(salt),
            issuedAt: uint64(block.timestamp)
        });
    }
}
