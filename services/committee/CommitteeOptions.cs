namespace Otr.Committee;

/// <summary>Configuration of a committee member (section <c>Committee</c>), validated at start.</summary>
public sealed class CommitteeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Committee";

    /// <summary>File holding the member's secp256k1 private key (0x + 64 hex digits; a mounted secret).</summary>
    public string? MemberKeyFile { get; set; }

    /// <summary>The per-model policy file (written by the operator into a ConfigMap), re-read when it changes.</summary>
    public string? PoliciesFile { get; set; }

    /// <summary>The collateral directory (<c>dcap/&lt;set&gt;/…</c>, <c>sev-snp/&lt;Product&gt;.pem</c>), re-read when a file in it changes.</summary>
    public string? CollateralDirectory { get; set; }

    /// <summary>Chain id of the approval domain (the L1 chain).</summary>
    public ulong ChainId { get; set; }

    /// <summary>The <c>CommitteeAttestationVerifier</c> contract approvals are signed for.</summary>
    public string? VerifierAddress { get; set; }

    /// <summary>Optional DER file of another Intel root to pin instead of the production SGX Root CA (a private PCS hierarchy).</summary>
    public string? IntelRootCaFile { get; set; }

    /// <summary>Optional other ARK fingerprints (SHA-256 hex) per product (<c>Milan</c>, <c>Genoa</c>, <c>Turin</c>).</summary>
    public Dictionary<string, string> AmdArkSha256 { get; set; } = [];

    /// <summary>The dev root the simulated TEE's documents must be signed by (only development policies accept them). Default: the well-known devnet root.</summary>
    public string? DevRootAddress { get; set; }

    /// <summary>Largest request body in bytes (a quote with its chain is a few KiB).</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;
}
