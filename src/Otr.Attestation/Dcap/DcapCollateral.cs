using System.Text;
using System.Text.Json;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Dcap;

/// <summary>
/// The Intel collateral a DCAP quote is verified against, supplied as data (no fetching): the TCB info and the QE
/// identity, each as the exact signed bytes plus its raw r ‖ s signature and its issuer chain (the Intel SGX TCB
/// Signing certificate, optionally followed by the root), the PCK CRL of the PCK's issuing CA, and the root CA CRL.
/// </summary>
/// <param name="TcbInfoBody">The exact bytes of the <c>tcbInfo</c> JSON value, as signed.</param>
/// <param name="TcbInfoSignature">ECDSA-P256 r ‖ s (64 bytes) over <paramref name="TcbInfoBody"/>.</param>
/// <param name="TcbInfoIssuerChain">DER certificates, the TCB signing certificate first.</param>
/// <param name="QeIdentityBody">The exact bytes of the <c>enclaveIdentity</c> JSON value, as signed.</param>
/// <param name="QeIdentitySignature">ECDSA-P256 r ‖ s over <paramref name="QeIdentityBody"/>.</param>
/// <param name="QeIdentityIssuerChain">DER certificates, the TCB signing certificate first.</param>
/// <param name="PckCrl">DER CRL of the PCK Platform or Processor CA.</param>
/// <param name="RootCaCrl">DER CRL of the Intel SGX Root CA.</param>
/// <param name="PckCrlIssuerChain">DER certificates of the PCK CRL issuer as PCS serves them (informational; the verifier checks the PCK CRL with the issuing CA from the verified PCK chain).</param>
public sealed record DcapCollateral(
    byte[] TcbInfoBody,
    byte[] TcbInfoSignature,
    IReadOnlyList<byte[]> TcbInfoIssuerChain,
    byte[] QeIdentityBody,
    byte[] QeIdentitySignature,
    IReadOnlyList<byte[]> QeIdentityIssuerChain,
    byte[] PckCrl,
    byte[] RootCaCrl,
    IReadOnlyList<byte[]> PckCrlIssuerChain)
{
    private const string Reason = DcapReasons.CollateralInvalid;

    /// <summary>
    /// Builds collateral from PCS responses: <paramref name="tcbInfoJson"/> is <c>{"tcbInfo":{...},"signature":"..."}</c>
    /// and <paramref name="qeIdentityJson"/> is <c>{"enclaveIdentity":{...},"signature":"..."}</c>, taken byte for byte.
    /// </summary>
    /// <param name="tcbInfoJson">The TCB info file.</param>
    /// <param name="qeIdentityJson">The QE identity file.</param>
    /// <param name="tcbInfoIssuerChain">TCB info issuer chain (DER certificates).</param>
    /// <param name="qeIdentityIssuerChain">QE identity issuer chain (DER certificates).</param>
    /// <param name="pckCrl">PCK CRL (DER).</param>
    /// <param name="rootCaCrl">Root CA CRL (DER).</param>
    /// <param name="pckCrlIssuerChain">PCK CRL issuer chain (DER certificates), may be empty.</param>
    public static DcapCollateral FromPcs(
        byte[] tcbInfoJson,
        byte[] qeIdentityJson,
        IReadOnlyList<byte[]> tcbInfoIssuerChain,
        IReadOnlyList<byte[]> qeIdentityIssuerChain,
        byte[] pckCrl,
        byte[] rootCaCrl,
        IReadOnlyList<byte[]> pckCrlIssuerChain)
    {
        var (tcbBody, tcbSignature) = DcapJson.SplitSigned(tcbInfoJson, "tcbInfo", Reason, "TCB info file");
        var (qeBody, qeSignature) = DcapJson.SplitSigned(qeIdentityJson, "enclaveIdentity", Reason, "QE identity file");
        return new DcapCollateral(tcbBody, tcbSignature, tcbInfoIssuerChain, qeBody, qeSignature, qeIdentityIssuerChain, pckCrl, rootCaCrl, pckCrlIssuerChain);
    }

    /// <summary>
    /// Loads PCS-style collateral files from a directory: <c>tcb_info.json</c>, <c>qe_identity.json</c>,
    /// <c>pck_crl.der</c>, <c>root_ca_crl.der</c>; the TCB info and QE identity issuer chains from
    /// <c>tcb_info_issuer_chain.pem</c> / <c>qe_identity_issuer_chain.pem</c>, or else <c>tcb_signing_cert.der</c> for
    /// both; the PCK CRL issuer chain from <c>pck_crl_issuer_chain.pem</c> or <c>pck_platform_ca_cert.der</c> if present.
    /// </summary>
    /// <param name="directory">The directory.</param>
    public static DcapCollateral FromDirectory(string directory)
    {
        byte[] Read(string name)
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? File.ReadAllBytes(path) : throw new AttestationRejectedException(Reason, $"Collateral file '{name}' is missing.");
        }

        IReadOnlyList<byte[]> Chain(string pem, string der, bool required)
        {
            if (File.Exists(Path.Combine(directory, pem)))
            {
                return PemToDer(Read(pem), pem);
            }

            if (File.Exists(Path.Combine(directory, der)) || required)
            {
                return [Read(der)];
            }

            return [];
        }

        return FromPcs(
            Read("tcb_info.json"),
            Read("qe_identity.json"),
            Chain("tcb_info_issuer_chain.pem", "tcb_signing_cert.der", required: true),
            Chain("qe_identity_issuer_chain.pem", "tcb_signing_cert.der", required: true),
            Read("pck_crl.der"),
            Read("root_ca_crl.der"),
            Chain("pck_crl_issuer_chain.pem", "pck_platform_ca_cert.der", required: false));
    }

    /// <summary>
    /// Parses the Phala dcap-qvl <c>QuoteCollateralV3</c> JSON form: PEM issuer chains, hex DER CRLs, the TCB info and QE
    /// identity as JSON strings exactly as signed, and hex r ‖ s signatures.
    /// </summary>
    /// <param name="json">The collateral.json bytes.</param>
    public static DcapCollateral FromPhalaJson(byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new AttestationRejectedException(Reason, $"collateral.json is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            string Text(string name) => DcapJson.String(root, name, Reason, "collateral.json");
            byte[] Hex(string name, int? length) => DcapJson.Hex(Text(name), length, Reason, $"collateral.json '{name}'");
            return new DcapCollateral(
                Encoding.UTF8.GetBytes(Text("tcb_info")),
                Hex("tcb_info_signature", 64),
                PemToDer(Encoding.UTF8.GetBytes(Text("tcb_info_issuer_chain")), "tcb_info_issuer_chain"),
                Encoding.UTF8.GetBytes(Text("qe_identity")),
                Hex("qe_identity_signature", 64),
                PemToDer(Encoding.UTF8.GetBytes(Text("qe_identity_issuer_chain")), "qe_identity_issuer_chain"),
                Hex("pck_crl", null),
                Hex("root_ca_crl", null),
                PemToDer(Encoding.UTF8.GetBytes(Text("pck_crl_issuer_chain")), "pck_crl_issuer_chain"));
        }
    }

    /// <summary>Splits concatenated PEM certificates into DER.</summary>
    /// <param name="pem">PEM text.</param>
    /// <param name="what">A name for messages.</param>
    public static IReadOnlyList<byte[]> PemToDer(byte[] pem, string what) =>
        [.. DcapPki.ParsePemChain(pem, Reason, what).Select(c => c.RawData)];
}
