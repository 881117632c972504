using System.Buffers.Binary;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Snp;

/// <summary>
/// The SEV-SNP certificate table the host hands the guest with a report (GHCB extended guest request; configfs-tsm's
/// <c>auxblob</c> for <c>sev_guest</c>): entries of <c>GUID (16) ‖ offset u32 ‖ length u32</c>, little-endian,
/// terminated by an all-zero entry; offsets count from the start of the table. The GUIDs name the VCEK, VLEK, ASK and
/// ARK certificates (DER).
/// </summary>
public static class SnpCertificateTable
{
    /// <summary>GUID of the VCEK entry.</summary>
    public static readonly Guid Vcek = new("63da758d-e664-4564-adc5-f4b93be8accd");

    /// <summary>GUID of the VLEK entry.</summary>
    public static readonly Guid Vlek = new("a8074bc2-a25a-483e-aae6-39c045a0b8a1");

    /// <summary>GUID of the ASK entry.</summary>
    public static readonly Guid Ask = new("4ab7b379-bbac-4fe4-a02f-05aef327c782");

    /// <summary>GUID of the ARK entry.</summary>
    public static readonly Guid Ark = new("c0b406a4-a803-4952-9743-3fb6014cd0ae");

    private const int EntrySize = 24;

    /// <summary>The entries by GUID (unknown GUIDs are kept too).</summary>
    /// <exception cref="AttestationRejectedException"><c>certificate-malformed</c> when an entry points outside the table or the terminator is missing.</exception>
    public static IReadOnlyDictionary<Guid, byte[]> Parse(ReadOnlySpan<byte> table)
    {
        var entries = new Dictionary<Guid, byte[]>();
        for (var at = 0; ; at += EntrySize)
        {
            if (at + EntrySize > table.Length)
            {
                throw new AttestationRejectedException(CertificateTools.MalformedReason, $"SEV-SNP certificate table has no terminating entry (ends at byte {table.Length})");
            }

            var entry = table.Slice(at, EntrySize);
            var guid = new Guid(entry[..16]);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(entry[16..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(entry[20..]);
            if (guid == Guid.Empty && offset == 0 && length == 0)
            {
                return entries;
            }

            if ((ulong)offset + length > (ulong)table.Length || offset < at + EntrySize)
            {
                throw new AttestationRejectedException(
                    CertificateTools.MalformedReason, $"SEV-SNP certificate table entry {guid} points at bytes {offset}..{(ulong)offset + length}, outside the {table.Length}-byte table");
            }

            entries[guid] = table.Slice((int)offset, (int)length).ToArray();
        }
    }

    /// <summary>Builds a table (the inverse of <see cref="Parse"/>), certificates in the given order.</summary>
    public static byte[] Build(IReadOnlyList<(Guid Guid, byte[] Der)> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var header = (certificates.Count + 1) * EntrySize;
        var table = new byte[header + certificates.Sum(c => c.Der.Length)];
        var offset = header;
        for (var i = 0; i < certificates.Count; i++)
        {
            var (guid, der) = certificates[i];
            guid.TryWriteBytes(table.AsSpan(i * EntrySize, 16));
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan((i * EntrySize) + 16), (uint)offset);
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan((i * EntrySize) + 20), (uint)der.Length);
            der.CopyTo(table.AsSpan(offset));
            offset += der.Length;
        }

        return table;
    }

    /// <summary>
    /// The certificates a verifier needs, as PEM: the VCEK (or VLEK) first, then the ASK and ARK when present.
    /// </summary>
    /// <exception cref="AttestationRejectedException">The table is malformed, has no VCEK or VLEK, or a certificate is not DER.</exception>
    public static byte[] ToPem(ReadOnlySpan<byte> table)
    {
        var entries = Parse(table);
        var key = entries.GetValueOrDefault(Vcek) ?? entries.GetValueOrDefault(Vlek)
            ?? throw new AttestationRejectedException(CertificateTools.MalformedReason, "SEV-SNP certificate table has neither a VCEK nor a VLEK entry");
        var pem = new StringBuilder();
        foreach (var der in new[] { key, entries.GetValueOrDefault(Ask), entries.GetValueOrDefault(Ark) })
        {
            if (der is null)
            {
                continue;
            }

            try
            {
                using var certificate = X509CertificateLoader.LoadCertificate(der);
                pem.Append(certificate.ExportCertificatePem()).Append('\n');
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new AttestationRejectedException(CertificateTools.MalformedReason, $"SEV-SNP certificate table entry is not a DER certificate: {e.Message}", e);
            }
        }

        return Encoding.ASCII.GetBytes(pem.ToString());
    }
}
