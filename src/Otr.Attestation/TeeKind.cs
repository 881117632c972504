namespace Otr.Attestation;

/// <summary>The kind of trusted execution environment an executor runs in.</summary>
public enum TeeKind
{
    /// <summary>The simulated TEE: development only, proves nothing about hardware.</summary>
    Simulated,

    /// <summary>Intel TDX (DCAP quote over the TD report).</summary>
    IntelTdx,

    /// <summary>Intel SGX (DCAP quote over the enclave report).</summary>
    IntelSgx,

    /// <summary>AMD SEV-SNP (attestation report signed by the VCEK).</summary>
    AmdSevSnp,

    /// <summary>NVIDIA H100 confidential-computing GPU (SPDM measurement report signed by the device key).</summary>
    NvidiaGpu,
}
