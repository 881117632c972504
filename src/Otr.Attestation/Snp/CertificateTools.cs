using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Snp;

/// <summary>
/// Certificate mechanics shared by the AMD and NVIDIA verifiers: loading DER or PEM without touching any OS
/// trust store, checking one certificate's signature against its issuer's key by hand (ECDSA with SHA-256/384/512
/// and RSASSA-PSS with SHA-384, salt 48, which AMD uses), and validity windows at an explicit instant.
/// </summary>
public static class CertificateTools
{
    /// <summary>The certificate bytes could not be read as an X.509 certificate.</summary>
    public const string MalformedReason = "certificate-malformed";

    /// <summary>The verification time is after a certificate's notAfter.</summary>
    public const string ExpiredReason = "certificate-expired";

    /// <summary>The verification time is before a certificate's notBefore.</summary>
    public const string NotYetValidReason = "certificate-not-yet-valid";

    private const string OidEcdsaSha256 = "1.2.840.10045.4.3.2";
    private const string OidEcdsaSha384 = "1.2.840.10045.4.3.3";
    private const string OidEcdsaSha512 = "1.2.840.10045.4.3.4";
    private const string OidRsaPss = "1.2.840.113549.1.1.10";
    private const string OidSha384 = "2.16.840.1.101.3.4.2.2";
    private const string OidMgf1 = "1.2.840.113549.1.1.8";

    /// <summary>Reads one certificate from DER or PEM bytes.</summary>
    /// <param name="bytes">DER, or text holding one PEM certificate.</param>
    /// <param name="what">What the certificate is, for the message (for example <c>VCEK</c>).</param>
    /// <exception cref="AttestationRejectedException"><c>certificate-malformed</c> when the bytes are no certificate.</exception>
    public static X509Certificate2 Load(ReadOnlySpan<byte> bytes, string what)
    {
        var all = LoadAll(bytes, what);
        if (all.Count != 1)
        {
            throw new AttestationRejectedException(MalformedReason, $"{what}: expected one certificate, found {all.Count}");
        }

        return all[0];
    }

    /// <summary>Reads every certificate of a PEM bundle (in file order), or the single certificate of DER bytes.</summary>
    /// <param name="bytes">DER, or PEM text with one or more certificates.</param>
    /// <param name="what">What the certificates are, for the message.</param>
    /// <exception cref="AttestationRejectedException"><c>certificate-malformed</c> when a certificate cannot be read.</exception>
    public static IReadOnlyList<X509Certificate2> LoadAll(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            if (bytes.Length > 0 && bytes[0] == 0x30)
            {
                return [X509CertificateLoader.LoadCertificate(bytes)];
            }

            var text = Encoding.ASCII.GetString(bytes);
            var result = new List<X509Certificate2>();
            var rest = text.AsSpan();
            while (PemEncoding.TryFind(rest, out var fields))
            {
                if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
                {
                    var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
                    result.Add(X509CertificateLoader.LoadCertificate(der));
                }

                rest = rest[fields.Location.End..];
            }

            if (result.Count == 0)
            {
                throw new AttestationRejectedException(MalformedReason, $"{what}: no DER certificate and no PEM CERTIFICATE block");
            }

            return result;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            throw new AttestationRejectedException(MalformedReason, $"{what}: not a readable X.509 certificate ({e.Message})", e);
        }
    }

    /// <summary>Checks the certificate's validity window at <paramref name="time"/>.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="time">The verification instant.</param>
    /// <param name="what">What the certificate is, for the message.</param>
    /// <exception cref="AttestationRejectedException"><c>certificate-expired</c> or <c>certificate-not-yet-valid</c>.</exception>
    public static void CheckValidity(X509Certificate2 certificate, DateTimeOffset time, string what)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (time < notBefore)
        {
            throw new AttestationRejectedException(NotYetValidReason,
                $"{what} ({certificate.Subject}) is valid from {notBefore:O}, not yet at {time.ToUniversalTime():O}");
        }

        if (time > notAfter)
        {
            throw new AttestationRejectedException(ExpiredReason,
                $"{what} ({certificate.Subject}) expired at {notAfter:O}, before {time.ToUniversalTime():O}");
        }
    }

    /// <summary>
    /// True when <paramref name="child"/> names <paramref name="issuer"/> as its issuer and its signature verifies
    /// with the issuer's public key. Unsupported algorithms and malformed signatures give false.
    /// </summary>
    /// <param name="child">The certificate whose signature is checked.</param>
    /// <param name="issuer">The certificate holding the signing key.</param>
    public static bool IsSignedBy(X509Certificate2 child, X509Certificate2 issuer) =>
        child.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData) &&
        SignatureVerifies(child.RawData, issuer);

    /// <summary>True when a signed DER structure (certificate or CRL) verifies with the issuer's key.</summary>
    /// <param name="signedDer">A DER <c>SEQUENCE { tbs, algorithm, BIT STRING signature }</c>.</param>
    /// <param name="issuer">The certificate holding the signing key.</param>
    internal static bool SignatureVerifies(ReadOnlyMemory<byte> signedDer, X509Certificate2 issuer)
    {
        try
        {
            return SignatureVerifies(SplitSigned(signedDer), issuer);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>True when the certificate is a CA (basic constraints <c>cA</c> set).</summary>
    /// <param name="certificate">The certificate.</param>
    public static bool IsCertificateAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);

    /// <summary>The raw extension value (the content of the extnValue OCTET STRING), or null.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="oid">The extension's object identifier.</param>
    public static byte[]? ExtensionValue(X509Certificate2 certificate, string oid) =>
        certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == oid)?.RawData;

    private static bool SignatureVerifies(SignedParts parts, X509Certificate2 issuer)
    {
        try
        {
            switch (parts.AlgorithmOid)
            {
                case OidEcdsaSha256 or OidEcdsaSha384 or OidEcdsaSha512:
                    {
                        using var key = issuer.GetECDsaPublicKey();
                        if (key is null)
                        {
                            return false;
                        }

                        var hash = parts.AlgorithmOid switch
                        {
                            OidEcdsaSha256 => HashAlgorithmName.SHA256,
                            OidEcdsaSha384 => HashAlgorithmName.SHA384,
                            _ => HashAlgorithmName.SHA512,
                        };
                        return key.VerifyData(parts.Tbs.Span, parts.Signature, hash, DSASignatureFormat.Rfc3279DerSequence);
                    }

                case OidRsaPss:
                    {
                        if (!IsPssSha384Salt48(parts.AlgorithmParameters))
                        {
                            return false;
                        }

                        using var key = issuer.GetRSAPublicKey();
                        return key is not null &&
                               key.VerifyData(parts.Tbs.Span, parts.Signature, HashAlgorithmName.SHA384, RSASignaturePadding.Pss);
                    }

                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>RSASSA-PSS-params must say SHA-384, MGF1 with SHA-384, salt length 48 (AMD's only scheme).</summary>
    private static bool IsPssSha384Salt48(ReadOnlyMemory<byte>? parameters)
    {
        if (parameters is null)
        {
            return false;
        }

        try
        {
            var reader = new AsnReader(parameters.Value, AsnEncodingRules.DER);
            var seq = reader.ReadSequence();
            string? hash = null, mgfHash = null;
            var salt = 20;
            var hashTag = new Asn1Tag(TagClass.ContextSpecific, 0, true);
            var mgfTag = new Asn1Tag(TagClass.ContextSpecific, 1, true);
            var saltTag = new Asn1Tag(TagClass.ContextSpecific, 2, true);
            if (seq.HasData && seq.PeekTag().HasSameClassAndValue(hashTag))
            {
                var h = seq.ReadSequence(hashTag).ReadSequence();
                hash = h.ReadObjectIdentifier();
            }

            if (seq.HasData && seq.PeekTag().HasSameClassAndValue(mgfTag))
            {
                var m = seq.ReadSequence(mgfTag).ReadSequence();
                if (m.ReadObjectIdentifier() != OidMgf1)
                {
                    return false;
                }

                mgfHash = m.ReadSequence().ReadObjectIdentifier();
            }

            if (seq.HasData && seq.PeekTag().HasSameClassAndValue(saltTag))
            {
                if (!seq.ReadSequence(saltTag).TryReadInt32(out salt))
                {
                    return false;
                }
            }

            return hash == OidSha384 && mgfHash == OidSha384 && salt == 48;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static SignedParts SplitSigned(ReadOnlyMemory<byte> der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = outer.ReadEncodedValue();
        var algorithm = outer.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        ReadOnlyMemory<byte>? parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : null;
        var signature = outer.ReadBitString(out _);
        return new SignedParts(tbs, oid, parameters, signature);
    }

    private readonly record struct SignedParts(ReadOnlyMemory<byte> Tbs, string AlgorithmOid, ReadOnlyMemory<byte>? AlgorithmParameters, byte[] Signature);
}
