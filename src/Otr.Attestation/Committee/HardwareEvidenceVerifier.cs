using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Dcap;
using Otr.Attestation.Snp;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Committee;

/// <summary>
/// Verifies one piece of registration evidence of any TEE kind with the deployment's pinned roots and collateral:
/// Intel TDX/SGX DCAP quotes (collateral chosen by the PCK certificate's FMSPC), AMD SEV-SNP reports (VCEK/VLEK from
/// the evidence's certificates, ASK/ARK from the collateral), and the simulated TEE's dev-root document (which only a
/// development policy accepts afterwards). Pure apart from the inputs: the time is a parameter.
/// </summary>
public sealed class HardwareEvidenceVerifier
{
    /// <summary>Reason code when no collateral matches the evidence's platform.</summary>
    public const string CollateralNotFoundReason = "collateral-not-found";

    /// <summary>Reason code for a TEE kind the committee does not verify on its own.</summary>
    public const string KindUnsupportedReason = "evidence-kind-unsupported";

    /// <summary>Reason code for a simulated document whose dev-root signature or layout is wrong.</summary>
    public const string SimulatedInvalidReason = "simulated-evidence-invalid";

    private readonly DcapVerifier _dcap;
    private readonly IReadOnlyList<DcapCollateral> _dcapCollateral;
    private readonly SnpVerifier _snp;
    private readonly DevAttestationVerifier _dev;

    /// <summary>Creates the verifier.</summary>
    /// <param name="dcap">The DCAP verifier (pins the Intel root).</param>
    /// <param name="dcapCollateral">Collateral sets, one per FMSPC and TEE (TDX/SGX) the fleet runs on.</param>
    /// <param name="snp">The SEV-SNP verifier (pins the AMD roots per product).</param>
    /// <param name="dev">The dev-root verifier for simulated documents.</param>
    public HardwareEvidenceVerifier(DcapVerifier dcap, IReadOnlyList<DcapCollateral> dcapCollateral, SnpVerifier snp, DevAttestationVerifier dev)
    {
        _dcap = dcap ?? throw new ArgumentNullException(nameof(dcap));
        _dcapCollateral = dcapCollateral ?? throw new ArgumentNullException(nameof(dcapCollateral));
        _snp = snp ?? throw new ArgumentNullException(nameof(snp));
        _dev = dev ?? throw new ArgumentNullException(nameof(dev));
    }

    /// <summary>
    /// Loads collateral from a directory: every subdirectory of <c>dcap/</c> is one DCAP collateral set in the
    /// <see cref="DcapCollateral.FromDirectory"/> layout; <c>sev-snp/&lt;Product&gt;.pem</c> (Milan, Genoa, Turin) holds
    /// that product's ASK and ARK (and ASVK), pinned to AMD's ARK unless <paramref name="arkSha256"/> names another
    /// fingerprint for the product; <c>sev-snp/&lt;Product&gt;.crl</c> is the product's ARK CRL (DER), optional.
    /// </summary>
    /// <param name="directory">The collateral directory.</param>
    /// <param name="intelRootDer">Another Intel root to pin instead of the production SGX Root CA (a private PCS hierarchy); null for Intel's.</param>
    /// <param name="arkSha256">Other ARK fingerprints to pin per product; missing products use AMD's.</param>
    /// <param name="devRootAddress">The dev root the simulated TEE's documents must be signed by.</param>
    /// <exception cref="AttestationRejectedException">A collateral file is unreadable, or a root is not the pinned one.</exception>
    public static HardwareEvidenceVerifier FromDirectory(
        string directory, byte[]? intelRootDer = null, IReadOnlyDictionary<SnpProduct, string>? arkSha256 = null, string? devRootAddress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new AttestationRejectedException(DcapReasons.CollateralInvalid, $"collateral directory '{directory}' does not exist");
        }

        var dcapRoot = Path.Combine(directory, "dcap");
        var sets = Directory.Exists(dcapRoot)
            ? Directory.GetDirectories(dcapRoot).Order(StringComparer.Ordinal).Select(DcapCollateral.FromDirectory).ToList()
            : [];
        var roots = new List<SnpProductRoots>();
        var crls = new Dictionary<SnpProduct, byte[]>();
        foreach (var product in Enum.GetValues<SnpProduct>())
        {
            var pem = Path.Combine(directory, "sev-snp", product + ".pem");
            if (File.Exists(pem))
            {
                roots.Add(SnpProductRoots.Load(product, [File.ReadAllBytes(pem)], arkSha256 is not null && arkSha256.TryGetValue(product, out var pin) ? pin : null));
            }

            var crl = Path.Combine(directory, "sev-snp", product + ".crl");
            if (File.Exists(crl))
            {
                crls[product] = File.ReadAllBytes(crl);
            }
        }

        return new HardwareEvidenceVerifier(
            intelRootDer is null ? new DcapVerifier() : new DcapVerifier(intelRootDer),
            sets,
            new SnpVerifier(roots, new SnpVerifierOptions { Crls = crls }),
            devRootAddress is null ? DevAttestationVerifier.WellKnown : new DevAttestationVerifier(devRootAddress));
    }

    /// <summary>Verifies evidence of the claimed kind at <paramref name="time"/>.</summary>
    /// <param name="kind">The TEE kind the evidence claims to be; it must be what the document is.</param>
    /// <param name="document">The quote (TDX/SGX), the report (SEV-SNP) or the simulated document.</param>
    /// <param name="certificates">SEV-SNP: the VCEK or VLEK (PEM or DER), optionally followed by the ASK/ARK as PEM. Empty otherwise.</param>
    /// <param name="time">The verification time.</param>
    /// <exception cref="AttestationRejectedException">Every failure, with its reason.</exception>
    public VerifiedEvidence Verify(TeeKind kind, ReadOnlySpan<byte> document, ReadOnlySpan<byte> certificates, DateTimeOffset time) => kind switch
    {
        TeeKind.IntelTdx or TeeKind.IntelSgx => VerifyDcap(kind, document, time),
        TeeKind.AmdSevSnp => VerifySnp(document, certificates, time),
        TeeKind.Simulated => VerifySimulated(document, time),
        _ => throw new AttestationRejectedException(
            KindUnsupportedReason,
            $"{kind} evidence is not verified on its own: GPU evidence only counts next to the CPU TEE's evidence, which is what registers"),
    };

    private VerifiedEvidence VerifyDcap(TeeKind kind, ReadOnlySpan<byte> document, DateTimeOffset time)
    {
        var quote = DcapQuote.Parse(document);
        var actual = quote.TdReport is not null ? TeeKind.IntelTdx : TeeKind.IntelSgx;
        if (actual != kind)
        {
            throw new AttestationRejectedException(KindUnsupportedReason, $"the evidence claims {kind} but the quote is an {actual} quote");
        }

        var fmspc = QuoteFmspc(quote);
        var id = kind == TeeKind.IntelTdx ? "TDX" : "SGX";
        foreach (var collateral in _dcapCollateral)
        {
            var info = TcbInfo.Parse(collateral.TcbInfoBody);
            if (info.Id == id && info.Fmspc.AsSpan().SequenceEqual(fmspc))
            {
                return _dcap.Verify(document, collateral, time);
            }
        }

        throw new AttestationRejectedException(
            CollateralNotFoundReason,
            $"no {id} collateral for FMSPC {Convert.ToHexString(fmspc)} ({_dcapCollateral.Count} collateral set(s) loaded); fetch its TCB info and QE identity from the PCS");
    }

    private static byte[] QuoteFmspc(DcapQuote quote)
    {
        var chain = DcapCollateral.PemToDer(quote.PckCertChainPem, "PCK certificate chain");
        if (chain.Count == 0)
        {
            throw new AttestationRejectedException(DcapReasons.PckChainInvalid, "the quote carries no PCK certificate");
        }

        using var pck = X509CertificateLoader.LoadCertificate(chain[0]);
        return PckExtensions.Parse(pck).Fmspc;
    }

    private VerifiedEvidence VerifySnp(ReadOnlySpan<byte> report, ReadOnlySpan<byte> certificates, DateTimeOffset time)
    {
        if (certificates.IsEmpty)
        {
            throw new AttestationRejectedException(CertificateTools.MalformedReason, "SEV-SNP evidence needs the VCEK or VLEK certificate (the configfs-tsm auxblob's certificate table)");
        }

        var all = CertificateTools.LoadAll(certificates, "SEV-SNP evidence certificates");
        var chain = string.Concat(all.Skip(1).Select(c => c.ExportCertificatePem() + "\n"));
        return _snp.Verify(report, all[0].RawData, time, System.Text.Encoding.ASCII.GetBytes(chain));
    }

    private VerifiedEvidence VerifySimulated(ReadOnlySpan<byte> document, DateTimeOffset time)
    {
        if (!SimulatedEvidence.TryParse(document, out var parsed) || parsed is null)
        {
            throw new AttestationRejectedException(SimulatedInvalidReason, $"not a simulated-TEE document (expected {SimulatedEvidence.Length} bytes starting with {DevAttestation.Marker})");
        }

        if (_dev.Check(document, parsed.EnclaveAddress, parsed.Measurement, parsed.WeightsRoot) is { } reason)
        {
            throw new AttestationRejectedException(SimulatedInvalidReason, $"simulated-TEE document refused: {reason}");
        }

        return new VerifiedEvidence(
            TeeKind.Simulated,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["measurement"] = Convert.ToHexStringLower(parsed.Measurement.Span) },
            parsed.ReportData,
            "Simulated",
            Debug: true,
            time,
            []);
    }
}
