using Otr.Attestation.Verification;

namespace Otr.Attestation.Dcap;

/// <summary>What a quote attests: an SGX enclave, a TDX 1.0 TD or a TDX 1.5 TD.</summary>
public enum DcapBodyKind
{
    /// <summary>An SGX enclave report (384 bytes).</summary>
    Sgx,

    /// <summary>A TDX 1.0 TD report (584 bytes).</summary>
    Tdx10,

    /// <summary>A TDX 1.5 TD report (648 bytes).</summary>
    Tdx15,
}

/// <summary>
/// A parsed Intel DCAP quote (v3 SGX; v4 SGX or TDX 1.0; v5 with a body-type descriptor) with its ECDSA-P256 signature
/// data. Parsing checks structure only; <see cref="DcapVerifier"/> checks signatures, certificates and collateral.
/// </summary>
public sealed class DcapQuote
{
    /// <summary>Header size common to every version.</summary>
    public const int HeaderSize = 48;

    /// <summary>Attestation key type 2: ECDSA-256 with the P-256 curve.</summary>
    public const ushort AttestationKeyTypeEcdsaP256 = 2;

    /// <summary>TEE type of an SGX quote.</summary>
    public const uint TeeTypeSgx = 0x00;

    /// <summary>TEE type of a TDX quote.</summary>
    public const uint TeeTypeTdx = 0x81;

    /// <summary>Certification data type 5: the PCK leaf, intermediate and root certificates, concatenated PEM.</summary>
    public const ushort CertificationDataPckChain = 5;

    /// <summary>Certification data type 6: QE report certification data (QE report, its signature, QE authentication data, nested certification data).</summary>
    public const ushort CertificationDataQeReport = 6;

    private DcapQuote()
    {
    }

    /// <summary>Quote version: 3, 4 or 5.</summary>
    public ushort Version { get; private init; }

    /// <summary>Attestation key type (always 2 after a successful parse).</summary>
    public ushort AttestationKeyType { get; private init; }

    /// <summary>TEE type: 0x00 SGX, 0x81 TDX.</summary>
    public uint TeeType { get; private init; }

    /// <summary>Header bytes 8..10: QE SVN in v3 headers (reserved in v4/v5).</summary>
    public ushort HeaderQeSvn { get; private init; }

    /// <summary>Header bytes 10..12: PCE SVN in v3 headers (reserved in v4/v5).</summary>
    public ushort HeaderPceSvn { get; private init; }

    /// <summary>QE vendor id (16 bytes; Intel's is 939a7233f79c4ca9940a0db3957f0607).</summary>
    public byte[] QeVendorId { get; private init; } = [];

    /// <summary>Header user data (20 bytes; the first 16 are the QE's platform identifier).</summary>
    public byte[] UserData { get; private init; } = [];

    /// <summary>v5 body type (1 SGX, 2 TDX 1.0, 3 TDX 1.5); 0 for v3 and v4, which have no descriptor.</summary>
    public ushort BodyType { get; private init; }

    /// <summary>The kind of body.</summary>
    public DcapBodyKind BodyKind { get; private init; }

    /// <summary>The enclave report of an SGX quote; null for TDX.</summary>
    public SgxReport? EnclaveReport { get; private init; }

    /// <summary>The TD report of a TDX quote; null for SGX.</summary>
    public TdReport? TdReport { get; private init; }

    /// <summary>The bytes the quote signature covers: header, the v5 body descriptor if any, and the body.</summary>
    public byte[] SignedBytes { get; private init; } = [];

    /// <summary>The ECDSA-P256 quote signature, raw r ‖ s (64 bytes).</summary>
    public byte[] QuoteSignature { get; private init; } = [];

    /// <summary>The attestation public key, raw x ‖ y (64 bytes).</summary>
    public byte[] AttestationKey { get; private init; } = [];

    /// <summary>The quoting enclave's report, signed by the PCK key.</summary>
    public SgxReport QeReport { get; private init; } = null!;

    /// <summary>The QE report signature, raw r ‖ s (64 bytes).</summary>
    public byte[] QeReportSignature { get; private init; } = [];

    /// <summary>QE authentication data (bound into the QE report data).</summary>
    public byte[] QeAuthData { get; private init; } = [];

    /// <summary>The outer certification data type: 5 for v3, 6 for v4 and v5.</summary>
    public ushort CertificationDataType { get; private init; }

    /// <summary>The PCK certificate chain as carried (concatenated PEM, possibly NUL-padded).</summary>
    public byte[] PckCertChainPem { get; private init; } = [];

    /// <summary>The length of the quote structure; input bytes after it are ignored.</summary>
    public int Length { get; private init; }

    /// <summary>The report data of the body (64 bytes).</summary>
    public ReadOnlySpan<byte> ReportData => EnclaveReport is { } sgx ? sgx.ReportData : TdReport!.ReportData;

    /// <summary>True when the attested enclave or TD runs in debug mode.</summary>
    public bool Debug => EnclaveReport?.Debug ?? TdReport!.Debug;

    /// <summary>
    /// Parses a quote. Trailing bytes after the structure are allowed. Any structural problem throws
    /// <see cref="AttestationRejectedException"/> with a specific reason (see <see cref="DcapReasons"/>).
    /// </summary>
    /// <param name="quote">The raw quote.</param>
    public static DcapQuote Parse(ReadOnlySpan<byte> quote)
    {
        var reader = new QuoteReader(quote);
        var version = reader.U16("header version");
        if (version is not (3 or 4 or 5))
        {
            throw new AttestationRejectedException(DcapReasons.QuoteVersionUnsupported, $"Quote version {version} is not supported (3, 4 or 5).");
        }

        var keyType = reader.U16("header attestation key type");
        if (keyType != AttestationKeyTypeEcdsaP256)
        {
            throw new AttestationRejectedException(DcapReasons.QuoteKeyTypeUnsupported, $"Attestation key type {keyType} is not supported (only 2, ECDSA-256 with P-256).");
        }

        var teeType = reader.U32("header TEE type");
        var qeSvn = reader.U16("header QE SVN");
        var pceSvn = reader.U16("header PCE SVN");
        var vendor = reader.Bytes(16, "header QE vendor id");
        var userData = reader.Bytes(20, "header user data");

        if (teeType is not (TeeTypeSgx or TeeTypeTdx))
        {
            throw new AttestationRejectedException(DcapReasons.QuoteTeeTypeUnsupported, $"TEE type 0x{teeType:x} is neither SGX (0x00) nor TDX (0x81).");
        }

        if (version == 3 && teeType != TeeTypeSgx)
        {
            throw new AttestationRejectedException(DcapReasons.QuoteTeeTypeUnsupported, $"A version 3 quote must be SGX, not TEE type 0x{teeType:x}.");
        }

        ushort bodyType = 0;
        DcapBodyKind kind;
        int bodySize;
        if (version == 5)
        {
            bodyType = reader.U16("body type");
            var declared = reader.U32("body size");
            (kind, bodySize) = bodyType switch
            {
                1 => (DcapBodyKind.Sgx, SgxReport.Size),
                2 => (DcapBodyKind.Tdx10, Dcap.TdReport.Size10),
                3 => (DcapBodyKind.Tdx15, Dcap.TdReport.Size15),
                _ => throw new AttestationRejectedException(DcapReasons.QuoteBodyTypeUnsupported, $"Body type {bodyType} is not supported (1 SGX, 2 TDX 1.0, 3 TDX 1.5)."),
            };
            if (declared != (uint)bodySize)
            {
                throw new AttestationRejectedException(DcapReasons.QuoteBodyTypeUnsupported, $"Body type {bodyType} has {bodySize} bytes, the quote says {declared}.");
            }

            if ((kind == DcapBodyKind.Sgx) != (teeType == TeeTypeSgx))
            {
                throw new AttestationRejectedException(DcapReasons.QuoteTeeTypeUnsupported, $"Body type {bodyType} does not fit TEE type 0x{teeType:x}.");
            }
        }
        else
        {
            (kind, bodySize) = teeType == TeeTypeSgx ? (DcapBodyKind.Sgx, SgxReport.Size) : (DcapBodyKind.Tdx10, Dcap.TdReport.Size10);
        }

        SgxReport? enclave = null;
        TdReport? td = null;
        if (kind == DcapBodyKind.Sgx)
        {
            enclave = SgxReport.Read(ref reader, "enclave report body");
        }
        else
        {
            td = Dcap.TdReport.Read(ref reader, bodySize, "TD report body");
        }

        var signedBytes = quote[..reader.Position].ToArray();
        var signatureDataLength = reader.Length32("signature data length");
        var end = reader.Position + signatureDataLength;
        var sig = new QuoteReader(reader.Take(signatureDataLength, "signature data"));
        var quoteSignature = sig.Bytes(64, "quote signature");
        var attestationKey = sig.Bytes(64, "attestation key");

        ushort certType;
        QeSection qe;
        if (version == 3)
        {
            qe = ReadQeSection(ref sig, "signature data");
            certType = CertificationDataPckChain;
        }
        else
        {
            certType = sig.U16("certification data type");
            if (certType != CertificationDataQeReport)
            {
                throw new AttestationRejectedException(
                    DcapReasons.CertificationDataUnsupported,
                    $"Certification data type {certType} is not supported in a v{version} quote (only 6, QE report certification data).");
            }

            var size = sig.Length32("certification data size");
            var nested = new QuoteReader(sig.Take(size, "QE report certification data"));
            qe = ReadQeSection(ref nested, "QE report certification data");
            if (nested.Remaining != 0)
            {
                throw new AttestationRejectedException(DcapReasons.QuoteMalformed, $"QE report certification data has {nested.Remaining} bytes after its nested certification data.");
            }
        }

        return new DcapQuote
        {
            Version = version,
            AttestationKeyType = keyType,
            TeeType = teeType,
            HeaderQeSvn = qeSvn,
            HeaderPceSvn = pceSvn,
            QeVendorId = vendor,
            UserData = userData,
            BodyType = bodyType,
            BodyKind = kind,
            EnclaveReport = enclave,
            TdReport = td,
            SignedBytes = signedBytes,
            QuoteSignature = quoteSignature,
            AttestationKey = attestationKey,
            QeReport = qe.Report,
            QeReportSignature = qe.Signature,
            QeAuthData = qe.AuthData,
            CertificationDataType = certType,
            PckCertChainPem = qe.PckChain,
            Length = end,
        };
    }

    private static QeSection ReadQeSection(ref QuoteReader reader, string where)
    {
        var report = SgxReport.Read(ref reader, $"QE report ({where})");
        var signature = reader.Bytes(64, "QE report signature");
        var authLength = reader.U16("QE authentication data size");
        var auth = reader.Bytes(authLength, "QE authentication data");
        var type = reader.U16("PCK certification data type");
        if (type != CertificationDataPckChain)
        {
            throw new AttestationRejectedException(
                DcapReasons.CertificationDataUnsupported,
                $"Certification data type {type} in the {where} is not supported (only 5, the PEM PCK certificate chain).");
        }

        var size = reader.Length32("PCK certification data size");
        var chain = reader.Bytes(size, "PCK certificate chain");
        return new QeSection(report, signature, auth, chain);
    }

    private readonly record struct QeSection(SgxReport Report, byte[] Signature, byte[] AuthData, byte[] PckChain);
}
