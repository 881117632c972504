namespace Otr.Attestation;

/// <summary>Configuration of the <see cref="SimulatedTee"/> (development only).</summary>
public sealed class SimulatedTeeOptions
{
    /// <summary>
    /// The dev root private key (0x + 64 hex digits) that signs the simulated attestation; its address
    /// must be the one <c>DevAttestationVerifier</c> was deployed with. Defaults to the well-known
    /// devnet key <see cref="DevAttestation.WellKnownDevRootKey"/>.
    /// </summary>
    public string DevRootKey { get; set; } = DevAttestation.WellKnownDevRootKey.ToString();

    /// <summary>
    /// Optional file that keeps the enclave key across restarts (created with mode 0600 when missing).
    /// A real TEE regenerates its key at every start and cannot do this; the devnet uses it so a
    /// restarted executor keeps its registration.
    /// </summary>
    public string? KeyFile { get; set; }
}
