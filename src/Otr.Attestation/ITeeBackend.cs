using Otr.Protocol;

namespace Otr.Attestation;

/// <summary>
/// A trusted execution environment as the executor sees it: it generates and holds the secp256k1
/// enclave key (the private key never leaves the backend; only <see cref="Sign"/> uses it) and
/// produces attestation evidence binding that key to the executor's measurement and the model's
/// weights root.
/// </summary>
public interface ITeeBackend : IDisposable
{
    /// <summary>The kind of TEE.</summary>
    TeeKind Kind { get; }

    /// <summary>True when the backend gives no hardware guarantee (the simulated TEE). Tooling must say so loudly.</summary>
    bool IsInsecure { get; }

    /// <summary>The enclave key's Ethereum address (0x-prefixed, EIP-55 checksummed).</summary>
    string EnclaveAddress { get; }

    /// <summary>The measurement of the executor image this backend attests.</summary>
    Bytes32 Measurement { get; }

    /// <summary>
    /// Signs a 32-byte digest with the enclave key (no message prefix): 65 bytes <c>r ‖ s ‖ v</c>,
    /// low s, <c>v ∈ {27, 28}</c>, as <c>ecrecover</c> and OpenZeppelin's ECDSA expect.
    /// </summary>
    /// <param name="digest">The digest, e.g. an EIP-712 receipt digest.</param>
    byte[] Sign(Bytes32 digest);

    /// <summary>
    /// Produces attestation evidence whose report data is <paramref name="reportData"/> (see
    /// <see cref="ReportData"/>). Fails when the report data names another enclave key.
    /// </summary>
    /// <param name="reportData">What the evidence must commit to: this enclave key, the weights root, a registration nonce.</param>
    /// <param name="cancellationToken">Cancels the request to the hardware.</param>
    Task<AttestationEvidence> GetEvidenceAsync(ReportData reportData, CancellationToken cancellationToken = default);
}
