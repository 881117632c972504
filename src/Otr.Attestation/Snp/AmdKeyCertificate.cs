using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Snp;

/// <summary>
/// A VCEK or VLEK certificate with AMD's extensions read: product name (1.3.6.1.4.1.3704.1.2), TCB components
/// (1.3.6.1.4.1.3704.1.3.1 bootloader, .3.2 tee, .3.3 snp, .3.8 microcode, .3.9 fmc on Turin) and, for a VCEK,
/// the hardware id (1.3.6.1.4.1.3704.1.4; raw bytes, or the same wrapped in an OCTET STRING by newer KDS versions).
/// </summary>
public sealed class AmdKeyCertificate
{
    /// <summary>OID of the product-name extension (IA5String, for example <c>Milan-B0</c>).</summary>
    public const string ProductNameOid = "1.3.6.1.4.1.3704.1.2";

    /// <summary>OID of the bootloader SPL extension.</summary>
    public const string BootloaderOid = "1.3.6.1.4.1.3704.1.3.1";

    /// <summary>OID of the TEE SPL extension.</summary>
    public const string TeeOid = "1.3.6.1.4.1.3704.1.3.2";

    /// <summary>OID of the SNP SPL extension.</summary>
    public const string SnpOid = "1.3.6.1.4.1.3704.1.3.3";

    /// <summary>OID of the microcode SPL extension.</summary>
    public const string MicrocodeOid = "1.3.6.1.4.1.3704.1.3.8";

    /// <summary>OID of the FMC SPL extension (Turin).</summary>
    public const string FmcOid = "1.3.6.1.4.1.3704.1.3.9";

    /// <summary>OID of the hardware-id extension (VCEK only).</summary>
    public const string HwIdOid = "1.3.6.1.4.1.3704.1.4";

    private AmdKeyCertificate(X509Certificate2 certificate, SnpSigningKey kind, SnpProduct? product, string? productName, byte[]? hwId)
    {
        Certificate = certificate;
        Kind = kind;
        Product = product;
        ProductName = productName;
        HwId = hwId;
    }

    /// <summary>The certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>VCEK or VLEK, from the subject common name (<c>SEV-VCEK</c> or <c>SEV-VLEK</c>).</summary>
    public SnpSigningKey Kind { get; }

    /// <summary>The product the certificate names (product-name extension, else its issuer <c>SEV-[VLEK-]Product</c>).</summary>
    public SnpProduct? Product { get; }

    /// <summary>The product-name extension as written, if present.</summary>
    public string? ProductName { get; }

    /// <summary>The hardware id (64 bytes on Milan and Genoa, 8 on Turin); null for a VLEK.</summary>
    public byte[]? HwId { get; }

    /// <summary>Reads a VCEK or VLEK certificate (DER or PEM; of a PEM bundle the first certificate).</summary>
    /// <param name="bytes">The certificate bytes.</param>
    /// <exception cref="AttestationRejectedException">
    /// <c>certificate-malformed</c>, <c>vcek-key-unsupported</c> (no P-384 key), <c>vcek-extension-malformed</c>.
    /// </exception>
    public static AmdKeyCertificate Read(ReadOnlySpan<byte> bytes)
    {
        var certificate = CertificateTools.LoadAll(bytes, "VCEK/VLEK certificate")[0];
        return From(certificate);
    }

    /// <summary>Reads AMD's extensions of an already loaded certificate.</summary>
    /// <param name="certificate">The VCEK or VLEK certificate.</param>
    /// <exception cref="AttestationRejectedException">As <see cref="Read"/>.</exception>
    public static AmdKeyCertificate From(X509Certificate2 certificate)
    {
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var kind = commonName switch
        {
            "SEV-VCEK" => SnpSigningKey.Vcek,
            "SEV-VLEK" => SnpSigningKey.Vlek,
            _ => throw new AttestationRejectedException(SnpReasons.VcekExtensionMalformed,
                $"certificate subject '{commonName}' is neither SEV-VCEK nor SEV-VLEK"),
        };

        try
        {
            using var key = certificate.GetECDsaPublicKey();
            if (key is null || key.KeySize != 384)
            {
                throw new AttestationRejectedException(SnpReasons.VcekKeyUnsupported,
                    $"{kind} public key is not an ECDSA P-384 key");
            }
        }
        catch (CryptographicException e)
        {
            throw new AttestationRejectedException(SnpReasons.VcekKeyUnsupported, $"{kind} public key cannot be read ({e.Message})", e);
        }

        var productName = ReadIa5(certificate, ProductNameOid);
        var product = ParseProduct(productName) ??
                      ParseProduct(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: true).Replace("SEV-VLEK-", "", StringComparison.Ordinal).Replace("SEV-", "", StringComparison.Ordinal));
        byte[]? hwId = null;
        if (kind == SnpSigningKey.Vcek)
        {
            var raw = CertificateTools.ExtensionValue(certificate, HwIdOid) ??
                      throw new AttestationRejectedException(SnpReasons.VcekExtensionMalformed, "VCEK has no hwID extension (1.3.6.1.4.1.3704.1.4)");
            hwId = UnwrapHwId(raw);
        }

        return new AmdKeyCertificate(certificate, kind, product, productName, hwId);
    }

    /// <summary>The TCB the certificate was issued for, in the product's layout (FMC only on Turin).</summary>
    /// <param name="product">The product.</param>
    /// <exception cref="AttestationRejectedException"><c>vcek-extension-malformed</c> when a component is missing or out of range.</exception>
    public SnpTcbVersion Tcb(SnpProduct product) =>
        new(ReadSpl(BootloaderOid, "bootloader"), ReadSpl(TeeOid, "tee"), ReadSpl(SnpOid, "snp"), ReadSpl(MicrocodeOid, "microcode"),
            product == SnpProduct.Turin ? ReadSpl(FmcOid, "fmc") : null);

    /// <summary>Maps a product name such as <c>Milan-B0</c> or <c>Genoa</c> to the product; null when unknown.</summary>
    /// <param name="name">The name.</param>
    public static SnpProduct? ParseProduct(string? name)
    {
        var family = name?.Split('-')[0];
        return family switch
        {
            "Milan" => SnpProduct.Milan,
            "Genoa" => SnpProduct.Genoa,
            "Turin" => SnpProduct.Turin,
            _ => null,
        };
    }

    /// <summary>hwID is the raw id in older VCEKs and an OCTET STRING holding it in newer ones.</summary>
    internal static byte[] UnwrapHwId(byte[] raw)
    {
        if (raw.Length is not (64 or 8))
        {
            try
            {
                var inner = new AsnReader(raw, AsnEncodingRules.DER).ReadOctetString();
                if (inner.Length is 64 or 8)
                {
                    return inner;
                }
            }
            catch (AsnContentException)
            {
            }

            throw new AttestationRejectedException(SnpReasons.VcekExtensionMalformed,
                $"VCEK hwID extension holds {raw.Length} bytes, neither a 64- or 8-byte id nor an OCTET STRING of one");
        }

        return raw;
    }

    private byte ReadSpl(string oid, string name)
    {
        var raw = CertificateTools.ExtensionValue(Certificate, oid) ??
                  throw new AttestationRejectedException(SnpReasons.VcekExtensionMalformed, $"{Kind} has no {name} SPL extension ({oid})");
        try
        {
            var reader = new AsnReader(raw, AsnEncodingRules.DER);
            if (reader.TryReadInt32(out var value) && !reader.HasData && value is >= 0 and <= 255)
            {
                return (byte)value;
            }
        }
        catch (AsnContentException)
        {
        }

        throw new AttestationRejectedException(SnpReasons.VcekExtensionMalformed, $"{Kind} {name} SPL extension ({oid}) is not an INTEGER in 0..255");
    }

    private static string? ReadIa5(X509Certificate2 certificate, string oid)
    {
        var raw = CertificateTools.ExtensionValue(certificate, oid);
        if (raw is null)
        {
            return null;
        }

        try
        {
            return new AsnReader(raw, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.IA5String);
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
