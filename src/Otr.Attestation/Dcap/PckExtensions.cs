using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Dcap;

/// <summary>
/// The Intel SGX extensions of a PCK certificate (OID 1.2.840.113741.1.13.1): the platform's TCB as the PCK was
/// certified for (16 SGX TCB component SVNs, PCESVN, CPUSVN), and the FMSPC and PCE id that select the TCB info.
/// </summary>
/// <param name="Ppid">PPID (16 bytes).</param>
/// <param name="TcbComponents">SGX TCB component SVNs 1..16.</param>
/// <param name="PceSvn">PCESVN.</param>
/// <param name="CpuSvn">CPUSVN (16 bytes).</param>
/// <param name="PceId">PCE id (2 bytes).</param>
/// <param name="Fmspc">FMSPC (6 bytes).</param>
/// <param name="SgxType">SGX type (0 Standard, 1 Scalable, 2 Scalable with integrity).</param>
public sealed record PckExtensions(byte[] Ppid, IReadOnlyList<int> TcbComponents, int PceSvn, byte[] CpuSvn, byte[] PceId, byte[] Fmspc, int SgxType)
{
    /// <summary>The SGX extensions OID.</summary>
    public const string SgxExtensionsOid = "1.2.840.113741.1.13.1";

    /// <summary>Reads the SGX extensions of a PCK certificate.</summary>
    /// <param name="certificate">The PCK leaf certificate.</param>
    public static PckExtensions Parse(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions[SgxExtensionsOid]
            ?? throw new AttestationRejectedException(DcapReasons.PckExtensionsInvalid, $"The PCK certificate '{certificate.Subject}' has no SGX extensions ({SgxExtensionsOid}).");
        return Parse(extension.RawData);
    }

    /// <summary>Reads the DER value of the SGX extensions.</summary>
    /// <param name="der">The extension value.</param>
    public static PckExtensions Parse(ReadOnlyMemory<byte> der)
    {
        try
        {
            byte[]? ppid = null, cpuSvn = null, pceId = null, fmspc = null;
            int[]? components = null;
            int? pceSvn = null, sgxType = null;
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var sequence = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            while (sequence.HasData)
            {
                var item = sequence.ReadSequence();
                var oid = item.ReadObjectIdentifier();
                switch (oid)
                {
                    case SgxExtensionsOid + ".1":
                        ppid = item.ReadOctetString();
                        break;
                    case SgxExtensionsOid + ".2":
                        components = new int[16];
                        var seen = new bool[16];
                        var tcb = item.ReadSequence();
                        while (tcb.HasData)
                        {
                            var entry = tcb.ReadSequence();
                            var componentOid = entry.ReadObjectIdentifier();
                            var prefix = SgxExtensionsOid + ".2.";
                            if (!componentOid.StartsWith(prefix, StringComparison.Ordinal)
                                || !int.TryParse(componentOid.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                            {
                                throw new AttestationRejectedException(DcapReasons.PckExtensionsInvalid, $"Unexpected TCB entry {componentOid} in the PCK SGX extensions.");
                            }

                            if (index is >= 1 and <= 16)
                            {
                                components[index - 1] = SmallInt(entry.ReadInteger(), 255, "TCB component SVN");
                                seen[index - 1] = true;
                            }
                            else if (index == 17)
                            {
                                pceSvn = SmallInt(entry.ReadInteger(), 65535, "PCESVN");
                            }
                            else if (index == 18)
                            {
                                cpuSvn = entry.ReadOctetString();
                            }
                            else
                            {
                                _ = entry.ReadEncodedValue();
                            }

                            entry.ThrowIfNotEmpty();
                        }

                        if (seen.Any(s => !s))
                        {
                            throw new AttestationRejectedException(DcapReasons.PckExtensionsInvalid, "The PCK SGX extensions lack some of the 16 TCB component SVNs.");
                        }

                        break;
                    case SgxExtensionsOid + ".3":
                        pceId = item.ReadOctetString();
                        break;
                    case SgxExtensionsOid + ".4":
                        fmspc = item.ReadOctetString();
                        break;
                    case SgxExtensionsOid + ".5":
                        sgxType = SmallInt(item.ReadEnumeratedBytes(), 255, "SGX type");
                        break;
                    default:
                        _ = item.ReadEncodedValue(); // platform instance id, configuration: not needed here
                        break;
                }
            }

            if (components is null || pceSvn is null || cpuSvn is not { Length: 16 } || pceId is not { Length: 2 } || fmspc is not { Length: 6 } || ppid is null)
            {
                throw new AttestationRejectedException(DcapReasons.PckExtensionsInvalid, "The PCK SGX extensions lack PPID, TCB, PCESVN, CPUSVN, PCE id or FMSPC, or one has the wrong size.");
            }

            return new PckExtensions(ppid, components, pceSvn.Value, cpuSvn, pceId, fmspc, sgxType ?? 0);
        }
        catch (AsnContentException e)
        {
            throw new AttestationRejectedException(DcapReasons.PckExtensionsInvalid, $"The PCK SGX extensions are not valid DER: {e.Message}", e);
        }
    }

    private static int SmallInt(BigInteger value, int max, string what) =>
        value >= 0 && value <= max
            ? (int)value
            : throw new AttestationRejectedException(DcapReasons.PckExtensionsInvalid, $"PCK {what} {value} is out of range 0..{max}.");

    private static int SmallInt(ReadOnlyMemory<byte> value, int max, string what) => SmallInt(new BigInteger(value.Span, isUnsigned: false, isBigEndian: true), max, what);
}
