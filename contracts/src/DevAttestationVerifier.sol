// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IAttestationVerifier} from "./IAttestationVerifier.sol";
import {ZeroAddress} from "./Errors.sol";

/// @title DevAttestationVerifier
/// @notice INSECURE — development and tests only. Stands in for a TEE quote verifier: "evidence" is a
///         65-byte secp256k1 signature (`r ‖ s ‖ v`, v ∈ {27, 28}, low s) by a configured dev root key over
///         the plain digest (no eth_sign prefix)
///         `keccak256(abi.encode("OTR-DEV-ATTESTATION", enclaveKey, measurement, weightsRoot))`.
///         Whoever holds the dev root key can register any key for any model; it proves nothing about
///         hardware. Never deploy it where stake or fees have real value.
contract DevAttestationVerifier is IAttestationVerifier {
    /// @notice Always true: this verifier gives no security. Lets tooling refuse it on production networks.
    bool public constant INSECURE = true;

    /// @notice Domain tag of the signed attestation statement.
    string public constant ATTESTATION_TAG = "OTR-DEV-ATTESTATION";

    /// @notice The key whose signatures count as attestation evidence.
    address public immutable devRootKey;

    /// @param devRootKey_ Address of the dev root key; non-zero.
    constructor(address devRootKey_) {
        if (devRootKey_ == address(0)) revert ZeroAddress();
        devRootKey = devRootKey_;
    }

    /// @notice The digest the dev root key signs to "attest" an enclave key.
    /// @param enclaveKey Ethereum address of the enclave key.
    /// @param measurement Executor image measurement.
    /// @param weightsRoot Weights root of the model.
    function attestationDigest(address enclaveKey, bytes32 measurement, bytes32 weightsRoot)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(ATTESTATION_TAG, enclaveKey, measurement, weightsRoot));
    }

    /// @inheritdoc IAttestationVerifier
    /// @dev Returns false (never reverts) for malformed evidence: wrong length, high s, bad v.
    function verify(bytes calldata evidence, address enclaveKey, bytes32 measurement, bytes32 weightsRoot)
        external
        view
        returns (bool)
    {
        if (evidence.length != 65) return false;
        (address signer, ECDSA.RecoverError err,) =
            ECDSA.tryRecover(attestationDigest(enclaveKey, measurement, weightsRoot), evidence);
        return err == ECDSA.RecoverError.NoError && signer == devRootKey;
    }
}
