using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Otr.Attestation;
using Otr.Attestation.Dcap;
using Otr.Attestation.Tests.Dcap;

namespace Otr.Committee.Tests;

/// <summary>
/// "Hardware" for the tests: a real Intel TDX quote (tdx/phala-v4-uptodate) whose report data is replaced by the one
/// asked for and which is re-signed under a test certificate hierarchy shaped like Intel's (DcapTestPki), with the real
/// TCB info and QE identity re-dated to now and re-signed by the test TCB signing key. Only the test hierarchy trusts
/// these quotes; the structure, measurements and PCK extensions are the real quote's. Real TDX hardware cannot run
/// here, so this is as far as a TDX quote over our own report data can honestly go.
/// </summary>
public sealed partial class TdxTestHardware : IDisposable
{
    public static readonly string Vendor = Path.Combine(AppContext.BaseDirectory, "TestData", "vendor");

    private readonly DcapQuote _real;
    private readonly DcapTestPki _pki;

    public TdxTestHardware()
    {
        _real = DcapQuote.Parse(File.ReadAllBytes(Path.Combine(Vendor, "tdx/phala-v4-uptodate/quote.bin")));
        var chain = DcapCollateral.PemToDer(_real.PckCertChainPem, "PCK chain");
        using var realPck = X509CertificateLoader.LoadCertificate(chain[0]);
        Now = DateTimeOffset.UtcNow;
        _pki = new DcapTestPki(realPck, Now);
        var real = DcapCollateral.FromPhalaJson(File.ReadAllBytes(Path.Combine(Vendor, "tdx/phala-v4-uptodate/collateral.json")));
        Collateral = _pki.Collateral(real, Redate, Redate);
        Measurements = DcapVerifier.Measurements(_real);
    }

    /// <summary>The instant the test hierarchy and collateral are valid around.</summary>
    public DateTimeOffset Now { get; }

    public DcapCollateral Collateral { get; }

    public byte[] RootDer => _pki.Root.RawData;

    /// <summary>The real quote's registers (mrtd, rtmr0..3, …).</summary>
    public IReadOnlyDictionary<string, string> Measurements { get; }

    public Otr.Protocol.Bytes32 MeasurementDigest => Otr.Attestation.MeasurementDigest.Of(TeeKind.IntelTdx, Measurements);

    /// <summary>A quote over <paramref name="reportData"/>; <paramref name="debug"/> sets TDATTRIBUTES.DEBUG.</summary>
    public byte[] Quote(byte[] reportData, bool debug = false) => _pki.ResignQuote(_real, signed =>
    {
        reportData.CopyTo(signed.AsSpan(DcapQuote.HeaderSize + 520, 64));
        if (debug)
        {
            signed[DcapQuote.HeaderSize + 120] |= 1;
        }
    });

    /// <summary>Writes the collateral directory the committee reads: <c>dcap/test/…</c> in the PCS file layout, and the test root.</summary>
    public string WriteCollateralDirectory(string directory)
    {
        var set = Directory.CreateDirectory(Path.Combine(directory, "dcap", "phala-tdx")).FullName;
        File.WriteAllBytes(Path.Combine(set, "tcb_info.json"), Wrap("tcbInfo", Collateral.TcbInfoBody, Collateral.TcbInfoSignature));
        File.WriteAllBytes(Path.Combine(set, "qe_identity.json"), Wrap("enclaveIdentity", Collateral.QeIdentityBody, Collateral.QeIdentitySignature));
        File.WriteAllText(Path.Combine(set, "tcb_info_issuer_chain.pem"), Pem(Collateral.TcbInfoIssuerChain));
        File.WriteAllText(Path.Combine(set, "qe_identity_issuer_chain.pem"), Pem(Collateral.QeIdentityIssuerChain));
        File.WriteAllBytes(Path.Combine(set, "pck_crl.der"), Collateral.PckCrl);
        File.WriteAllBytes(Path.Combine(set, "root_ca_crl.der"), Collateral.RootCaCrl);
        return directory;
    }

    public void Dispose() => _pki.Dispose();

    private string Redate(string body)
    {
        var issued = Now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var next = Now.AddDays(30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        return NextUpdate().Replace(IssueDate().Replace(body, $"\"issueDate\":\"{issued}\""), $"\"nextUpdate\":\"{next}\"");
    }

    private static byte[] Wrap(string name, byte[] body, byte[] signature) =>
        [.. Encoding.UTF8.GetBytes($"{{\"{name}\":"), .. body, .. Encoding.UTF8.GetBytes($",\"signature\":\"{Convert.ToHexStringLower(signature)}\"}}")];

    private static string Pem(IEnumerable<byte[]> certificates) => string.Concat(certificates.Select(c => X509CertificateLoader.LoadCertificate(c).ExportCertificatePem() + "\n"));

    [GeneratedRegex("\"issueDate\"\\s*:\\s*\"[^\"]*\"")]
    private static partial Regex IssueDate();

    [GeneratedRegex("\"nextUpdate\"\\s*:\\s*\"[^\"]*\"")]
    private static partial Regex NextUpdate();
}
