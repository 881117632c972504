using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Snp;

namespace Otr.Attestation.Tests.Snp;

/// <summary>
/// A test-only AMD PKI and SEV-SNP firmware: an RSA ARK and ASK (RSASSA-PSS SHA-384, salt 48, as AMD signs), a
/// P-384 VCEK with AMD's TCB and hwID extensions, and reports signed by it. It lets tests produce evidence that is
/// valid except for exactly one property (TCB, chip id, policy, revocation), which real vectors cannot.
/// </summary>
internal sealed class SyntheticSnp
{
    private static readonly Lazy<SyntheticSnp> SharedMilan = new(() => new SyntheticSnp(SnpProduct.Milan));
    private static readonly Lazy<SyntheticSnp> SharedTurin = new(() => new SyntheticSnp(SnpProduct.Turin));

    public static readonly DateTimeOffset NotBefore = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotAfter = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Time = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly RSA _arkKey = RSA.Create(2048);
    private readonly RSA _askKey = RSA.Create(2048);
    private readonly ECDsa _vcekKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    /// <summary>One Milan PKI for all tests (RSA key generation is the slow part).</summary>
    public static SyntheticSnp Milan => SharedMilan.Value;

    /// <summary>One Turin PKI for all tests.</summary>
    public static SyntheticSnp Turin => SharedTurin.Value;

    private SyntheticSnp(SnpProduct product)
    {
        Product = product;
        var arkRequest = new CertificateRequest($"CN=ARK-{product}, O=Test AMD", _arkKey, HashAlgorithmName.SHA384, RSASignaturePadding.Pss);
        arkRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var arkWithKey = arkRequest.CreateSelfSigned(NotBefore, NotAfter);
        Ark = X509CertificateLoader.LoadCertificate(arkWithKey.RawData);
        var askRequest = new CertificateRequest($"CN=SEV-{product}, O=Test AMD", _askKey, HashAlgorithmName.SHA384, RSASignaturePadding.Pss);
        askRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ask = askRequest.Create(arkWithKey, NotBefore, NotAfter, [1, 2, 3]);
        Ask = X509CertificateLoader.LoadCertificate(ask.RawData);
    }

    public SnpProduct Product { get; }

    public X509Certificate2 Ark { get; }

    public X509Certificate2 Ask { get; }

    public byte[] ChipId { get; } = Enumerable.Range(0, 64).Select(i => (byte)(0xA0 ^ i)).ToArray();

    public SnpProductRoots Roots() =>
        SnpProductRoots.Load(Product, [Ark.RawData, Ask.RawData], Convert.ToHexStringLower(SHA256.HashData(Ark.RawData)));

    public SnpVerifier Verifier(SnpVerifierOptions? options = null) => new([Roots()], options);

    /// <summary>A VCEK for the given TCB (null components: extension left out) and hwID.</summary>
    public byte[] Vcek(SnpTcbVersion tcb, byte[]? hwId = null, bool omitMicrocode = false, DateTimeOffset? notAfter = null)
    {
        var request = new CertificateRequest("CN=SEV-VCEK, O=Test AMD", _vcekKey, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(Extension(AmdKeyCertificate.ProductNameOid, Ia5($"{Product}-B0")));
        request.CertificateExtensions.Add(Extension(AmdKeyCertificate.BootloaderOid, Integer(tcb.Bootloader)));
        request.CertificateExtensions.Add(Extension(AmdKeyCertificate.TeeOid, Integer(tcb.Tee)));
        request.CertificateExtensions.Add(Extension(AmdKeyCertificate.SnpOid, Integer(tcb.Snp)));
        if (!omitMicrocode)
        {
            request.CertificateExtensions.Add(Extension(AmdKeyCertificate.MicrocodeOid, Integer(tcb.Microcode)));
        }

        if (tcb.Fmc is { } fmc)
        {
            request.CertificateExtensions.Add(Extension(AmdKeyCertificate.FmcOid, Integer(fmc)));
        }

        request.CertificateExtensions.Add(new X509Extension(AmdKeyCertificate.HwIdOid, hwId ?? (Product == SnpProduct.Turin ? ChipId[..8] : ChipId), false));
        var generator = X509SignatureGenerator.CreateForRSA(_askKey, RSASignaturePadding.Pss);
        using var certificate = request.Create(Ask.SubjectName, generator, NotBefore, notAfter ?? NotAfter, [9, 8, 7]);
        return certificate.RawData;
    }

    /// <summary>A signed version-3 report with the given TCB (all four TCB fields), policy and chip id.</summary>
    public byte[] Report(SnpTcbVersion tcb, ulong policy = 0x30000, byte[]? chipId = null, uint keyInfo = 0, uint version = 3, byte[]? measurement = null)
    {
        var report = new byte[SnpAttestationReport.Length];
        var s = report.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, version);
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x04..], 7);
        BinaryPrimitives.WriteUInt64LittleEndian(s[0x08..], policy);
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x34..], 1);
        var raw = Encode(tcb);
        BinaryPrimitives.WriteUInt64LittleEndian(s[0x38..], raw);
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x48..], keyInfo);
        RandomNumberGenerator.Fill(s.Slice(0x50, 64));
        (measurement ?? Enumerable.Repeat((byte)0x5A, 48).ToArray()).CopyTo(s[0x90..]);
        BinaryPrimitives.WriteUInt64LittleEndian(s[0x180..], raw);
        (s[0x188], s[0x189], s[0x18A]) = Product switch
        {
            SnpProduct.Milan => ((byte)0x19, (byte)0x01, (byte)0x01),
            SnpProduct.Genoa => ((byte)0x19, (byte)0x11, (byte)0x01),
            _ => ((byte)0x1A, (byte)0x02, (byte)0x00),
        };
        (chipId ?? ChipId).CopyTo(s[0x1A0..]);
        BinaryPrimitives.WriteUInt64LittleEndian(s[0x1E0..], raw);
        BinaryPrimitives.WriteUInt64LittleEndian(s[0x1F0..], raw);
        Sign(report);
        return report;
    }

    /// <summary>Re-signs [0, 0x2A0) after a test edited the report.</summary>
    public void Sign(byte[] report)
    {
        var signature = _vcekKey.SignData(report.AsSpan(0, SnpAttestationReport.SignedLength), HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        report.AsSpan(0x2A0, 144).Clear();
        for (var i = 0; i < 48; i++)
        {
            report[0x2A0 + i] = signature[47 - i];
            report[0x2E8 + i] = signature[95 - i];
        }
    }

    /// <summary>A CRL issued by the ARK (or by <paramref name="signer"/>) revoking the given serials.</summary>
    public byte[] Crl(IEnumerable<byte[]> revokedSerials, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, RSA? signer = null)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var serial in revokedSerials)
        {
            builder.AddEntry(serial, thisUpdate);
        }

        // A stranger signs as an issuer with the ARK's name: the CRL then names the ARK but does not verify with it.
        using var issuer = signer is null ? Ark.CopyWithPrivateKey(_arkKey) : Impostor(signer);
        return builder.Build(issuer, BigInteger.One, nextUpdate, HashAlgorithmName.SHA384, RSASignaturePadding.Pss, thisUpdate);
    }

    private X509Certificate2 Impostor(RSA key)
    {
        var request = new CertificateRequest(Ark.SubjectName, key, HashAlgorithmName.SHA384, RSASignaturePadding.Pss);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(NotBefore, NotAfter);
    }

    public ulong Encode(SnpTcbVersion tcb) => Product == SnpProduct.Turin
        ? tcb.Fmc!.Value | ((ulong)tcb.Bootloader << 8) | ((ulong)tcb.Tee << 16) | ((ulong)tcb.Snp << 24) | ((ulong)tcb.Microcode << 56)
        : tcb.Bootloader | ((ulong)tcb.Tee << 8) | ((ulong)tcb.Snp << 48) | ((ulong)tcb.Microcode << 56);

    private static X509Extension Extension(string oid, byte[] value) => new(oid, value, false);

    private static byte[] Integer(int value)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteInteger(value);
        return writer.Encode();
    }

    private static byte[] Ia5(string value)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteCharacterString(UniversalTagNumber.IA5String, value);
        return writer.Encode();
    }
}
