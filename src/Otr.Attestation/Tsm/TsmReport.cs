namespace Otr.Attestation.Tsm;

/// <summary>One report from configfs-tsm.</summary>
/// <param name="Provider">The kernel's provider: <c>tdx_guest</c> (outblob is a TDX DCAP quote) or <c>sev_guest</c> (outblob is an SEV-SNP attestation report).</param>
/// <param name="OutBlob">The report or quote.</param>
/// <param name="AuxBlob">Auxiliary data: for SEV-SNP the certificate table (VCEK/VLEK, ASK, ARK) when the host supplies it; empty otherwise.</param>
/// <param name="Generation">The entry's write generation the report belongs to.</param>
public sealed record TsmReport(string Provider, byte[] OutBlob, byte[] AuxBlob, long Generation)
{
    /// <summary>The TEE technology the provider implies.</summary>
    public TeeKind Kind => Provider switch
    {
        "tdx_guest" => TeeKind.IntelTdx,
        "sev_guest" => TeeKind.AmdSevSnp,
        _ => throw new NotSupportedException($"configfs-tsm provider '{Provider}' is not supported (expected tdx_guest or sev_guest)"),
    };
}
