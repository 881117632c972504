using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Snp;

/// <summary>
/// An X.509 CRL as AMD KDS publishes it per product (<c>/vcek/v1/{product}/crl</c>): issued and signed
/// (RSASSA-PSS) by the ARK, listing revoked ASK/ASVK serial numbers. Read by hand with System.Formats.Asn1 so the
/// signature is checked against the pinned ARK only.
/// </summary>
public sealed class AmdCrl
{
    private readonly byte[] _der;

    private AmdCrl(byte[] der, byte[] issuer, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, IReadOnlySet<BigInteger> revoked)
    {
        _der = der;
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        RevokedSerials = revoked;
    }

    /// <summary>The issuer name, DER.</summary>
    public byte[] Issuer { get; }

    /// <summary>thisUpdate.</summary>
    public DateTimeOffset ThisUpdate { get; }

    /// <summary>nextUpdate, if present.</summary>
    public DateTimeOffset? NextUpdate { get; }

    /// <summary>Serial numbers of the revoked certificates.</summary>
    public IReadOnlySet<BigInteger> RevokedSerials { get; }

    /// <summary>Reads a CRL from DER or PEM (<c>X509 CRL</c>).</summary>
    /// <param name="bytes">The CRL file's contents.</param>
    /// <exception cref="AttestationRejectedException"><c>crl-invalid</c> when it cannot be read.</exception>
    public static AmdCrl Read(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var der = bytes.Length > 0 && bytes[0] == 0x30 ? bytes.ToArray() : FromPem(bytes);
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var tbs = outer.ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger();
            }

            tbs.ReadSequence();
            var issuer = tbs.ReadEncodedValue().ToArray();
            var thisUpdate = ReadTime(tbs);
            DateTimeOffset? nextUpdate = null;
            if (tbs.HasData && (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) || tbs.PeekTag().HasSameClassAndValue(Asn1Tag.GeneralizedTime)))
            {
                nextUpdate = ReadTime(tbs);
            }

            var revoked = new HashSet<BigInteger>();
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = tbs.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    revoked.Add(entry.ReadInteger());
                }
            }

            return new AmdCrl(der, issuer, thisUpdate, nextUpdate, revoked);
        }
        catch (Exception e) when (e is AsnContentException or FormatException or ArgumentException or CryptographicException)
        {
            throw new AttestationRejectedException(SnpReasons.CrlInvalid, $"CRL cannot be read ({e.Message})", e);
        }
    }

    /// <summary>
    /// Checks that the CRL is issued and signed by <paramref name="ark"/>, current at <paramref name="time"/>, and
    /// does not list <paramref name="certificate"/> (an ASK or ASVK).
    /// </summary>
    /// <param name="ark">The pinned ARK.</param>
    /// <param name="certificate">The ARK-issued certificate to look up.</param>
    /// <param name="time">The verification instant.</param>
    /// <exception cref="AttestationRejectedException"><c>crl-invalid</c>, <c>crl-expired</c>, <c>certificate-revoked</c>.</exception>
    public void Check(X509Certificate2 ark, X509Certificate2 certificate, DateTimeOffset time)
    {
        if (!Issuer.AsSpan().SequenceEqual(ark.SubjectName.RawData) || !CertificateTools.SignatureVerifies(_der, ark))
        {
            throw new AttestationRejectedException(SnpReasons.CrlInvalid, $"CRL is not issued and signed by '{ark.Subject}'");
        }

        if (time < ThisUpdate || (NextUpdate is { } next && time > next))
        {
            throw new AttestationRejectedException(SnpReasons.CrlExpired,
                $"CRL is current from {ThisUpdate:O} to {NextUpdate:O}, not at {time.ToUniversalTime():O}");
        }

        var serial = new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true);
        if (RevokedSerials.Contains(serial))
        {
            throw new AttestationRejectedException(SnpReasons.CertificateRevoked,
                $"'{certificate.Subject}' (serial {certificate.SerialNumber}) is revoked by the ARK's CRL");
        }
    }

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();

    private static byte[] FromPem(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.ASCII.GetString(bytes);
        var fields = PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
