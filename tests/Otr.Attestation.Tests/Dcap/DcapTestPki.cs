using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Otr.Attestation.Dcap;

namespace Otr.Attestation.Tests.Dcap;

/// <summary>
/// A test-only certificate hierarchy shaped like Intel's (root → PCK CA → PCK with the real SGX extensions; root →
/// TCB signing), used to re-sign real quotes and collateral so that revocation, expiry, debug and TCB-status cases can
/// be built. Nothing here is trusted by the production verifier; it is separate from the real vectors.
/// </summary>
internal sealed class DcapTestPki : IDisposable
{
    private static int _serial = 0x1000;

    public DcapTestPki(X509Certificate2 realPck, DateTimeOffset time, DateTimeOffset? pckNotAfter = null)
    {
        var from = time.AddYears(-1);
        var to = time.AddYears(1);
        RootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Root = CreateCa("CN=Test SGX Root CA, O=OTR Test", RootKey, null, null, from, to, pathLength: 1);
        CaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Ca = CreateCa("CN=Test SGX PCK Platform CA, O=OTR Test", CaKey, Root, RootKey, from, to, pathLength: 0);
        PckKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pckRequest = new CertificateRequest("CN=Test SGX PCK Certificate, O=OTR Test", PckKey, HashAlgorithmName.SHA256);
        pckRequest.CertificateExtensions.Add(realPck.Extensions[PckExtensions.SgxExtensionsOid]!);
        Pck = pckRequest.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(CaKey), from, pckNotAfter ?? to, NextSerial());
        SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signingRequest = new CertificateRequest($"CN={DcapVerifier.TcbSigningCommonName}, O=OTR Test", SigningKey, HashAlgorithmName.SHA256);
        Signing = signingRequest.Create(Root.SubjectName, X509SignatureGenerator.CreateForECDsa(RootKey), from, to, NextSerial());
        AttestationKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Time = time;
    }

    public DateTimeOffset Time { get; }

    public ECDsa RootKey { get; }

    public X509Certificate2 Root { get; }

    public ECDsa CaKey { get; }

    public X509Certificate2 Ca { get; }

    public ECDsa PckKey { get; }

    public X509Certificate2 Pck { get; }

    public ECDsa SigningKey { get; }

    public X509Certificate2 Signing { get; }

    public ECDsa AttestationKey { get; }

    public DcapVerifier Verifier => new(Root.RawData);

    public string ChainPem => Pem(Pck, Ca, Root);

    public static string Pem(params X509Certificate2[] certificates) => string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));

    /// <summary>A CRL issued by <paramref name="issuer"/>, current around <see cref="Time"/>, listing <paramref name="revoked"/>.</summary>
    public byte[] Crl(X509Certificate2 issuer, ECDsa key, params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate.SerialNumberBytes.Span, Time.AddDays(-2));
        }

        return builder.Build(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(key), 1, Time.AddDays(1), HashAlgorithmName.SHA256,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false), Time.AddDays(-1));
    }

    /// <summary>
    /// Rebuilds <paramref name="real"/> with the test attestation key and PCK: <paramref name="editSigned"/> may change
    /// header and body first; the quote is then signed by the attestation key, the QE report data bound to that key and
    /// the QE report signed by the test PCK, and the PCK chain replaced by <paramref name="chainPem"/> (default: the
    /// test chain).
    /// </summary>
    public byte[] ResignQuote(DcapQuote real, Action<byte[]>? editSigned = null, string? chainPem = null)
    {
        var signed = real.SignedBytes.ToArray();
        editSigned?.Invoke(signed);
        return ResignQuote(real, real.Version, signed, chainPem);
    }

    /// <summary>
    /// The same body re-encoded as a quote of another version: v3/v4 put the body right after the header, v5 puts the
    /// body-type descriptor (1 SGX, 2 TDX 1.0, 3 TDX 1.5) in between.
    /// </summary>
    public byte[] ReencodeQuote(DcapQuote real, int version)
    {
        var header = real.SignedBytes[..DcapQuote.HeaderSize];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)version);
        var body = real.EnclaveReport?.Raw ?? real.TdReport!.Raw;
        if (version != 5)
        {
            return ResignQuote(real, version, [.. header, .. body], null);
        }

        var type = real.BodyKind switch { DcapBodyKind.Sgx => 1, DcapBodyKind.Tdx10 => 2, _ => 3 };
        return ResignQuote(real, version, [.. header, .. U16(type), .. U32(body.Length), .. body], null);
    }

    private byte[] ResignQuote(DcapQuote real, int version, byte[] signed, string? chainPem)
    {
        var key = AttestationKey.ExportParameters(false);
        byte[] rawKey = [.. key.Q.X!, .. key.Q.Y!];
        var qeReport = real.QeReport.Raw.ToArray();
        Array.Clear(qeReport, 320, 64);
        SHA256.HashData([.. rawKey, .. real.QeAuthData], qeReport.AsSpan(320, 32));
        return Serialize(
            version,
            signed,
            AttestationKey.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            rawKey,
            qeReport,
            PckKey.SignData(qeReport, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            real.QeAuthData,
            Encoding.ASCII.GetBytes(chainPem ?? ChainPem));
    }

    /// <summary>Encodes a quote from its parts (the inverse of <see cref="DcapQuote.Parse"/>).</summary>
    public static byte[] Serialize(int version, byte[] signed, byte[] signature, byte[] attestationKey, byte[] qeReport, byte[] qeSignature, byte[] qeAuth, byte[] pem)
    {
        var qe = new List<byte>();
        qe.AddRange(qeReport);
        qe.AddRange(qeSignature);
        qe.AddRange(U16(qeAuth.Length));
        qe.AddRange(qeAuth);
        qe.AddRange(U16(5));
        qe.AddRange(U32(pem.Length));
        qe.AddRange(pem);
        var data = new List<byte>();
        data.AddRange(signature);
        data.AddRange(attestationKey);
        if (version == 3)
        {
            data.AddRange(qe);
        }
        else
        {
            data.AddRange(U16(6));
            data.AddRange(U32(qe.Count));
            data.AddRange(qe);
        }

        return [.. signed, .. U32(data.Count), .. data];
    }

    /// <summary>
    /// Collateral with the real TCB info and QE identity bodies (optionally edited) re-signed by the test TCB signing
    /// key, and test CRLs (nothing revoked unless given).
    /// </summary>
    public DcapCollateral Collateral(DcapCollateral real, Func<string, string>? editTcbInfo = null, Func<string, string>? editQeIdentity = null, byte[]? pckCrl = null, byte[]? rootCrl = null)
    {
        var tcb = Encoding.UTF8.GetBytes((editTcbInfo ?? (s => s))(Encoding.UTF8.GetString(real.TcbInfoBody)));
        var qe = Encoding.UTF8.GetBytes((editQeIdentity ?? (s => s))(Encoding.UTF8.GetString(real.QeIdentityBody)));
        return new DcapCollateral(
            tcb,
            SigningKey.SignData(tcb, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            [Signing.RawData, Root.RawData],
            qe,
            SigningKey.SignData(qe, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            [Signing.RawData],
            pckCrl ?? Crl(Ca, CaKey),
            rootCrl ?? Crl(Root, RootKey),
            [Ca.RawData, Root.RawData]);
    }

    public void Dispose()
    {
        RootKey.Dispose();
        CaKey.Dispose();
        PckKey.Dispose();
        SigningKey.Dispose();
        AttestationKey.Dispose();
    }

    private static X509Certificate2 CreateCa(string subject, ECDsa key, X509Certificate2? issuer, ECDsa? issuerKey, DateTimeOffset from, DateTimeOffset to, int pathLength)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(from, to);
        }

        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey!), from, to, NextSerial());
    }

    private static byte[] NextSerial()
    {
        var serial = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(serial, Interlocked.Increment(ref _serial));
        return serial;
    }

    private static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        return bytes;
    }

    private static byte[] U32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)value);
        return bytes;
    }
}
