using Otr.Attestation.Tsm;

namespace Otr.Executor.Configuration;

/// <summary>Where the executor asks a confidential VM's hardware for reports (section <c>Executor:Tsm</c>).</summary>
public sealed class TsmOptions
{
    /// <summary>The configfs-tsm report directory; default the kernel's <c>/sys/kernel/config/tsm/report</c>.</summary>
    public string Root { get; set; } = ConfigFsTsm.DefaultRoot;
}

/// <summary>Where an SGX library OS exposes its DCAP quoting path (section <c>Executor:Sgx</c>).</summary>
public sealed class SgxOptions
{
    /// <summary>The attestation pseudo-file directory; default Gramine's <c>/dev/attestation</c>.</summary>
    public string Root { get; set; } = Otr.Attestation.Sgx.GramineSgxTeeBackend.DefaultRoot;
}

/// <summary>
/// The attestation committee the executor asks for approvals when ExecutorRegistry's verifier is a
/// <c>CommitteeAttestationVerifier</c> (section <c>Executor:Committee</c>).
/// </summary>
public sealed class CommitteeClientOptions
{
    /// <summary>Base URLs of the committee members (<c>POST {url}/v1/approvals</c>).</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>Approvals to collect; 0 = the verifier contract's on-chain threshold.</summary>
    public int Threshold { get; set; }

    /// <summary>How long one member may take to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
