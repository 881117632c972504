using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Snp;

/// <summary>
/// The HCL (host compatibility layer) attestation report of an Azure confidential VM, as read from the vTPM NV index
/// 0x01400001. Layout (little-endian):
/// <c>"HCLA"</c> (4) ‖ version (4) ‖ report size (4) ‖ request type (4) ‖ status (4) ‖ reserved (12) ‖
/// SEV-SNP report (1184) ‖ runtime data: data size (4) ‖ version (4) ‖ report type (4, 2 = SEV-SNP) ‖
/// hash type (4: 1 = SHA-256, 2 = SHA-384, 3 = SHA-512) ‖ variable data size (4) ‖ variable data (the runtime
/// claims, JSON with the vTPM key and user data). The SNP REPORT_DATA holds hash(variable data), zero-padded,
/// which binds the claims to the hardware report. Bytes after the variable data are ignored (the NV index is padded).
/// </summary>
/// <param name="SnpReport">The embedded 1184-byte SEV-SNP report.</param>
/// <param name="RuntimeClaims">The variable data (runtime claims JSON, as bytes).</param>
/// <param name="HashType">The runtime-data hash type (1, 2 or 3).</param>
public sealed record AzureHclReport(byte[] SnpReport, byte[] RuntimeClaims, uint HashType)
{
    /// <summary>Length of the HCL header before the SNP report.</summary>
    public const int HeaderLength = 32;

    /// <summary>Length of the runtime-data header.</summary>
    public const int RuntimeHeaderLength = 20;

    /// <summary>Report type of an SEV-SNP HCL report.</summary>
    public const uint SnpReportType = 2;

    /// <summary>Parses an HCL report.</summary>
    /// <param name="hcl">The HCL report bytes.</param>
    /// <exception cref="AttestationRejectedException"><c>hcl-report-truncated</c>, <c>hcl-report-malformed</c>.</exception>
    public static AzureHclReport Parse(ReadOnlySpan<byte> hcl)
    {
        const int runtimeStart = HeaderLength + SnpAttestationReport.Length;
        if (hcl.Length < runtimeStart + RuntimeHeaderLength)
        {
            throw new AttestationRejectedException(SnpReasons.HclReportTruncated,
                string.Create(CultureInfo.InvariantCulture, $"HCL report is {hcl.Length} bytes, needs at least {runtimeStart + RuntimeHeaderLength}"));
        }

        if (!hcl[..4].SequenceEqual("HCLA"u8))
        {
            throw new AttestationRejectedException(SnpReasons.HclReportMalformed, "HCL report does not start with 'HCLA'");
        }

        var runtime = hcl[runtimeStart..];
        var dataSize = BinaryPrimitives.ReadUInt32LittleEndian(runtime);
        var reportType = BinaryPrimitives.ReadUInt32LittleEndian(runtime[8..]);
        var hashType = BinaryPrimitives.ReadUInt32LittleEndian(runtime[12..]);
        var variableSize = BinaryPrimitives.ReadUInt32LittleEndian(runtime[16..]);
        if (reportType != SnpReportType)
        {
            throw new AttestationRejectedException(SnpReasons.HclReportMalformed,
                string.Create(CultureInfo.InvariantCulture, $"HCL runtime data report type is {reportType}, not SEV-SNP ({SnpReportType})"));
        }

        if (hashType is < 1 or > 3)
        {
            throw new AttestationRejectedException(SnpReasons.HclReportMalformed,
                string.Create(CultureInfo.InvariantCulture, $"HCL runtime data hash type {hashType} is not 1 (SHA-256), 2 (SHA-384) or 3 (SHA-512)"));
        }

        if (variableSize > (uint)(runtime.Length - RuntimeHeaderLength))
        {
            throw new AttestationRejectedException(SnpReasons.HclReportTruncated,
                string.Create(CultureInfo.InvariantCulture, $"HCL runtime claims say {variableSize} bytes, only {runtime.Length - RuntimeHeaderLength} follow"));
        }

        if (dataSize != variableSize + RuntimeHeaderLength)
        {
            throw new AttestationRejectedException(SnpReasons.HclReportMalformed,
                string.Create(CultureInfo.InvariantCulture, $"HCL runtime data size {dataSize} is not header ({RuntimeHeaderLength}) + claims ({variableSize})"));
        }

        return new AzureHclReport(
            hcl.Slice(HeaderLength, SnpAttestationReport.Length).ToArray(),
            runtime.Slice(RuntimeHeaderLength, (int)variableSize).ToArray(),
            hashType);
    }

    /// <summary>The hash of the runtime claims the SNP report data must start with.</summary>
    public byte[] RuntimeClaimsHash() => HashType switch
    {
        1 => SHA256.HashData(RuntimeClaims),
        2 => SHA384.HashData(RuntimeClaims),
        _ => SHA512.HashData(RuntimeClaims),
    };

    /// <summary>Checks that the SNP report data is the runtime claims' hash followed by zeros.</summary>
    /// <param name="reportData">The 64 report-data bytes of the (verified) SNP report.</param>
    /// <exception cref="AttestationRejectedException"><c>hcl-report-data-mismatch</c>.</exception>
    public void CheckBinding(ReadOnlySpan<byte> reportData)
    {
        var hash = RuntimeClaimsHash();
        if (!reportData[..hash.Length].SequenceEqual(hash) || reportData[hash.Length..].ContainsAnyExcept((byte)0))
        {
            throw new AttestationRejectedException(SnpReasons.HclReportDataMismatch,
                $"SNP report data {Convert.ToHexStringLower(reportData)} is not the hash of the HCL runtime claims ({Convert.ToHexStringLower(hash)}) followed by zeros");
        }
    }
}
