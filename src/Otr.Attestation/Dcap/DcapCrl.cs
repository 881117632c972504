using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Dcap;

/// <summary>An X.509 v2 CRL (DER) as Intel's PCS issues them: issuer, update window and revoked serial numbers.</summary>
public sealed class DcapCrl
{
    private readonly HashSet<string> _revoked;
    private readonly ReadOnlyMemory<byte> _tbs;
    private readonly string _algorithm;
    private readonly byte[] _signature;

    private DcapCrl(byte[] der, X500DistinguishedName issuer, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, HashSet<string> revoked, ReadOnlyMemory<byte> tbs, string algorithm, byte[] signature)
    {
        Der = der;
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        _revoked = revoked;
        _tbs = tbs;
        _algorithm = algorithm;
        _signature = signature;
    }

    /// <summary>The encoded CRL.</summary>
    public byte[] Der { get; }

    /// <summary>The issuing CA's name.</summary>
    public X500DistinguishedName Issuer { get; }

    /// <summary>thisUpdate.</summary>
    public DateTimeOffset ThisUpdate { get; }

    /// <summary>nextUpdate (required: PCS CRLs always have one).</summary>
    public DateTimeOffset NextUpdate { get; }

    /// <summary>How many certificates the CRL lists.</summary>
    public int RevokedCount => _revoked.Count;

    /// <summary>Parses a DER CRL; a malformed one is rejected with <paramref name="what"/> in the message.</summary>
    /// <param name="der">The CRL.</param>
    /// <param name="what">A name for messages, e.g. "PCK CRL".</param>
    public static DcapCrl Parse(byte[] der, string what)
    {
        ArgumentNullException.ThrowIfNull(der);
        try
        {
            var (tbs, algorithm, signature) = DcapPki.SplitSigned(der);
            var reader = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
            if (reader.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                _ = reader.ReadInteger();
            }

            _ = reader.ReadSequence(); // signature algorithm inside the TBS
            var issuer = new X500DistinguishedName(reader.ReadEncodedValue().Span);
            var thisUpdate = ReadTime(reader);
            DateTimeOffset? nextUpdate = null;
            if (reader.HasData && (reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) || reader.PeekTag().HasSameClassAndValue(Asn1Tag.GeneralizedTime)))
            {
                nextUpdate = ReadTime(reader);
            }

            if (nextUpdate is null)
            {
                throw new AttestationRejectedException(DcapReasons.CrlInvalid, $"{what} has no nextUpdate, so it cannot be judged current.");
            }

            var revoked = new HashSet<string>(StringComparer.Ordinal);
            if (reader.HasData && reader.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = reader.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    var serial = entry.ReadIntegerBytes().Span;
                    _ = ReadTime(entry);
                    revoked.Add(Convert.ToHexString(DcapPki.NormalizeSerial(serial)));
                }
            }

            return new DcapCrl(der, issuer, thisUpdate, nextUpdate.Value, revoked, tbs, algorithm, signature);
        }
        catch (Exception e) when (e is AsnContentException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new AttestationRejectedException(DcapReasons.CrlInvalid, $"{what} is not a DER X.509 CRL: {e.Message}", e);
        }
    }

    /// <summary>True when the CRL lists <paramref name="certificate"/>'s serial number.</summary>
    /// <param name="certificate">A certificate issued by this CRL's issuer.</param>
    public bool IsRevoked(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return _revoked.Contains(Convert.ToHexString(DcapPki.NormalizeSerial(certificate.SerialNumberBytes.Span)));
    }

    /// <summary>
    /// Checks that <paramref name="issuer"/> issued and signed this CRL and that it is current at <paramref name="time"/>.
    /// </summary>
    internal void Verify(X509Certificate2 issuer, DateTimeOffset time, string what)
    {
        if (!Issuer.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData))
        {
            throw new AttestationRejectedException(DcapReasons.CrlInvalid, $"{what} is issued by '{Issuer.Name}', expected '{issuer.Subject}'.");
        }

        if (!DcapPki.VerifyDerSignature(issuer, _algorithm, _tbs.Span, _signature))
        {
            throw new AttestationRejectedException(DcapReasons.CrlInvalid, $"{what} signature does not verify with the key of '{issuer.Subject}'.");
        }

        if (time < ThisUpdate || time > NextUpdate)
        {
            throw new AttestationRejectedException(DcapReasons.CrlExpired, $"{what} is current {ThisUpdate:u} to {NextUpdate:u}, not at {time:u}.");
        }
    }

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
