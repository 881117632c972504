using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Dcap;

/// <summary>
/// Explicit X.509 checks for the DCAP PKI, with no OS trust store and no network: PEM chains, certificate signatures
/// (ECDSA), issuer/subject linkage, CA flags, validity at a given instant, pinning to a supplied root, CRLs.
/// </summary>
internal static class DcapPki
{
    private const string EcdsaSha256 = "1.2.840.10045.4.3.2";
    private const string EcdsaSha384 = "1.2.840.10045.4.3.3";
    private const string PemBegin = "-----BEGIN CERTIFICATE-----";
    private const string PemEnd = "-----END CERTIFICATE-----";

    /// <summary>The certificates of a concatenated PEM text, in order. Text outside the markers (NUL padding) is ignored.</summary>
    public static List<X509Certificate2> ParsePemChain(ReadOnlySpan<byte> pem, string reason, string what)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(pem);
        }
        catch (DecoderFallbackException e)
        {
            throw new AttestationRejectedException(reason, $"{what} is not PEM text.", e);
        }

        var result = new List<X509Certificate2>();
        var index = 0;
        while (true)
        {
            var begin = text.IndexOf(PemBegin, index, StringComparison.Ordinal);
            if (begin < 0)
            {
                break;
            }

            var end = text.IndexOf(PemEnd, begin, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new AttestationRejectedException(reason, $"{what}: certificate {result.Count} has no END marker.");
            }

            var body = text[(begin + PemBegin.Length)..end];
            byte[] der;
            try
            {
                der = Convert.FromBase64String(body.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim());
            }
            catch (FormatException e)
            {
                throw new AttestationRejectedException(reason, $"{what}: certificate {result.Count} is not valid base64.", e);
            }

            result.Add(LoadDer(der, reason, $"{what}: certificate {result.Count}"));
            index = end + PemEnd.Length;
        }

        if (result.Count == 0)
        {
            throw new AttestationRejectedException(reason, $"{what} contains no PEM certificate.");
        }

        return result;
    }

    public static X509Certificate2 LoadDer(ReadOnlySpan<byte> der, string reason, string what)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadCertificate(der);
            _ = SplitSigned(certificate.RawData); // the structure the signature check needs
            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            throw new AttestationRejectedException(reason, $"{what} is not a DER X.509 certificate: {e.Message}", e);
        }
    }

    /// <summary>The to-be-signed bytes, the signature algorithm OID and the signature of a certificate or CRL.</summary>
    public static (ReadOnlyMemory<byte> Tbs, string Algorithm, byte[] Signature) SplitSigned(ReadOnlyMemory<byte> der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var sequence = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var tbs = sequence.ReadEncodedValue();
        var algorithm = sequence.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        var signature = sequence.ReadBitString(out var unused);
        sequence.ThrowIfNotEmpty();
        if (unused != 0)
        {
            throw new AsnContentException("The signature bit string has unused bits.");
        }

        return (tbs, oid, signature);
    }

    /// <summary>True when <paramref name="signature"/> (DER ECDSA) over <paramref name="data"/> verifies with the key of <paramref name="issuer"/>.</summary>
    public static bool VerifyDerSignature(X509Certificate2 issuer, string algorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var hash = algorithm switch
        {
            EcdsaSha256 => HashAlgorithmName.SHA256,
            EcdsaSha384 => HashAlgorithmName.SHA384,
            _ => default,
        };
        if (hash == default)
        {
            return false;
        }

        try
        {
            using var key = issuer.GetECDsaPublicKey();
            return key is not null && key.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The certificate's ECDSA public key; a missing or unreadable key is rejected with <paramref name="reason"/>.</summary>
    public static ECDsa EcdsaKey(X509Certificate2 certificate, string reason)
    {
        try
        {
            return certificate.GetECDsaPublicKey()
                ?? throw new AttestationRejectedException(reason, $"'{certificate.Subject}' has no ECDSA public key.");
        }
        catch (CryptographicException e)
        {
            throw new AttestationRejectedException(reason, $"The public key of '{certificate.Subject}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>True when <paramref name="child"/> names <paramref name="parent"/> as issuer and carries its valid signature.</summary>
    public static bool IsSignedBy(X509Certificate2 child, X509Certificate2 parent)
    {
        if (!child.IssuerName.RawData.AsSpan().SequenceEqual(parent.SubjectName.RawData))
        {
            return false;
        }

        try
        {
            var (tbs, algorithm, signature) = SplitSigned(child.RawData);
            return VerifyDerSignature(parent, algorithm, tbs.Span, signature);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            return false;
        }
    }

    public static bool IsCa(X509Certificate2 certificate)
    {
        try
        {
            return certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static int? PathLength(X509Certificate2 certificate)
    {
        try
        {
            return certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { HasPathLengthConstraint: true } constraints
                ? constraints.PathLengthConstraint
                : null;
        }
        catch (CryptographicException)
        {
            return 0;
        }
    }

    public static DateTimeOffset NotBefore(X509Certificate2 certificate) => new(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    public static DateTimeOffset NotAfter(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>
    /// Checks <paramref name="chain"/> (leaf first) up to the pinned <paramref name="root"/>: the chain may end with the
    /// root itself (byte-identical) or with a certificate the root signed; any other self-issued top is an untrusted root.
    /// Every link's issuer name and signature, the CA flag of every issuer, and every validity window at
    /// <paramref name="time"/> are checked. Returns the full path, root last.
    /// </summary>
    public static List<X509Certificate2> VerifyChain(
        IReadOnlyList<X509Certificate2> chain,
        X509Certificate2 root,
        DateTimeOffset time,
        string invalidReason,
        string untrustedReason,
        string what)
    {
        if (chain.Count == 0)
        {
            throw new AttestationRejectedException(invalidReason, $"{what} is empty.");
        }

        var path = new List<X509Certificate2>(chain);
        var top = path[^1];
        var appended = false;
        if (!top.RawData.AsSpan().SequenceEqual(root.RawData))
        {
            if (top.IssuerName.RawData.AsSpan().SequenceEqual(top.SubjectName.RawData))
            {
                throw new AttestationRejectedException(
                    untrustedReason,
                    $"{what} ends in '{top.Subject}' (SHA-256 {Convert.ToHexStringLower(top.GetCertHash(HashAlgorithmName.SHA256))}), which is not the pinned root '{root.Subject}'.");
            }

            path.Add(root);
            appended = true;
        }

        for (var i = 0; i < path.Count - 1; i++)
        {
            var child = path[i];
            var parent = path[i + 1];
            if (!child.IssuerName.RawData.AsSpan().SequenceEqual(parent.SubjectName.RawData))
            {
                var reason = appended && i + 1 == path.Count - 1 ? untrustedReason : invalidReason;
                throw new AttestationRejectedException(reason, $"{what}: '{child.Subject}' is issued by '{child.Issuer}', not by the next certificate '{parent.Subject}'.");
            }

            if (!IsCa(parent))
            {
                throw new AttestationRejectedException(invalidReason, $"{what}: issuer '{parent.Subject}' is not a CA certificate.");
            }

            // pathLenConstraint: how many CA certificates may stand between this issuer and the leaf.
            if (PathLength(parent) is { } limit && i > limit)
            {
                throw new AttestationRejectedException(invalidReason, $"{what}: '{parent.Subject}' allows {limit} intermediate CA certificate(s) below it, the chain has {i}.");
            }

            if (!IsSignedBy(child, parent))
            {
                var reason = appended && i + 1 == path.Count - 1 ? untrustedReason : invalidReason;
                throw new AttestationRejectedException(reason, $"{what}: the signature on '{child.Subject}' does not verify with the key of '{parent.Subject}'.");
            }
        }

        foreach (var certificate in path)
        {
            if (time < NotBefore(certificate) || time > NotAfter(certificate))
            {
                throw new AttestationRejectedException(
                    DcapReasons.CertificateExpired,
                    $"{what}: '{certificate.Subject}' (serial {certificate.SerialNumber}) is valid {NotBefore(certificate):u} to {NotAfter(certificate):u}, not at {time:u}.");
            }
        }

        return path;
    }

    /// <summary>A serial number as big-endian bytes without leading zero bytes.</summary>
    public static byte[] NormalizeSerial(ReadOnlySpan<byte> serial)
    {
        var start = 0;
        while (start < serial.Length - 1 && serial[start] == 0)
        {
            start++;
        }

        return serial[start..].ToArray();
    }
}
