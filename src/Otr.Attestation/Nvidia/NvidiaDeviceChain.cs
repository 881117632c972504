using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Snp;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Nvidia;

/// <summary>
/// A GPU's device certificate chain, leaf first (H100: GH100 A01 GSP FMC LF → GH100 A01 GSP BROM → NVIDIA GH100
/// Provisioner ICA 1 → NVIDIA GH100 Identity → NVIDIA Device Identity CA), verified to the pinned device root.
/// The leaf carries the FWID of the firmware that signs reports in extension 2.23.133.5.4.1 (a TCG DICE TcbInfo-like
/// structure whose FWID is a <c>SEQUENCE { sha384, OCTET STRING (48) }</c>).
/// </summary>
/// <param name="Leaf">The certificate whose key signs measurement reports.</param>
/// <param name="Fwid">The 48-byte FWID from the leaf.</param>
public sealed record NvidiaDeviceChain(X509Certificate2 Leaf, byte[] Fwid)
{
    /// <summary>OID of the TCG DICE TcbInfo extension holding the FWID.</summary>
    public const string TcbInfoOid = "2.23.133.5.4.1";

    private const string Sha384Oid = "2.16.840.1.101.3.4.2.2";

    /// <summary>Verifies the chain at <paramref name="time"/> and reads the leaf's FWID.</summary>
    /// <param name="chain">The chain, PEM (leaf first) or a single DER certificate.</param>
    /// <param name="roots">The pinned roots.</param>
    /// <param name="time">The verification instant.</param>
    /// <exception cref="AttestationRejectedException">
    /// <c>certificate-malformed</c>, <c>gpu-cert-chain-too-short</c>, <c>gpu-cert-chain-invalid</c>,
    /// <c>gpu-cert-chain-untrusted-root</c>, <c>certificate-expired</c>, <c>certificate-not-yet-valid</c>, <c>gpu-fwid-missing</c>.
    /// </exception>
    public static NvidiaDeviceChain Verify(ReadOnlySpan<byte> chain, NvidiaRoots roots, DateTimeOffset time)
    {
        var certificates = CertificateTools.LoadAll(chain, "GPU device certificate chain");
        PinnedChain.Verify(certificates, roots.DeviceRoot, time, "GPU device certificate chain",
            NvidiaReasons.CertChainTooShort, NvidiaReasons.CertChainInvalid, NvidiaReasons.CertChainUntrustedRoot);
        var leaf = certificates[0];
        return new NvidiaDeviceChain(leaf, ReadFwid(leaf));
    }

    /// <summary>The SHA-384 FWID of extension 2.23.133.5.4.1.</summary>
    /// <param name="certificate">The leaf certificate.</param>
    /// <exception cref="AttestationRejectedException"><c>gpu-fwid-missing</c>.</exception>
    public static byte[] ReadFwid(X509Certificate2 certificate)
    {
        var raw = CertificateTools.ExtensionValue(certificate, TcbInfoOid);
        if (raw is not null)
        {
            try
            {
                var fwid = FindSha384Digest(new AsnReader(raw, AsnEncodingRules.DER).ReadSequence());
                if (fwid is not null)
                {
                    return fwid;
                }
            }
            catch (AsnContentException)
            {
            }
        }

        throw new AttestationRejectedException(NvidiaReasons.FwidMissing,
            $"'{certificate.Subject}' has no SHA-384 FWID in extension {TcbInfoOid}, so it is not a report-signing leaf");
    }

    /// <summary>Depth-first search of constructed elements for <c>SEQUENCE { sha384, OCTET STRING (48) }</c>.</summary>
    private static byte[]? FindSha384Digest(AsnReader reader)
    {
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (!tag.IsConstructed)
            {
                reader.ReadEncodedValue();
                continue;
            }

            var inner = reader.ReadSequence(tag);
            var probe = inner.Clone();
            if (probe.HasData && probe.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier) && probe.ReadObjectIdentifier() == Sha384Oid &&
                probe.HasData && probe.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString))
            {
                var digest = probe.ReadOctetString();
                if (digest.Length == 48)
                {
                    return digest;
                }
            }

            if (FindSha384Digest(inner) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
