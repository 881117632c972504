// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IAttestationVerifier
/// @notice Checks TEE attestation evidence for an executor registration (PoEA (b) and (c)): the evidence
///         must come from genuine TEE hardware running `measurement`, and its report data must commit to
///         `enclaveKey` and to the model's `weightsRoot`. Implementations: DevAttestationVerifier (insecure,
///         for development); TDX/SEV-SNP quote verifiers later.
interface IAttestationVerifier {
    /// @notice True when `evidence` attests that `enclaveKey` lives in a TEE measured as `measurement`
    ///         and serves the model whose weights root is `weightsRoot`.
    /// @param evidence Implementation-specific attestation evidence.
    /// @param enclaveKey Ethereum address of the enclave's secp256k1 key.
    /// @param measurement Measurement of the executor image.
    /// @param weightsRoot Weights root of the model the enclave loaded.
    function verify(bytes calldata evidence, address enclaveKey, bytes32 measurement, bytes32 weightsRoot)
        external
        view
        returns (bool);
}
