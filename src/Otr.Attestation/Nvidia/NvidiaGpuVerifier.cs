using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Snp;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Nvidia;

/// <summary>
/// Verifies NVIDIA H100 confidential-computing evidence offline at an explicit instant:
/// report parsing; request nonce equal to the expected one; device chain to the pinned NVIDIA Device Identity CA;
/// no certificate on the deployment's revocation list; the report signature (ECDSA P-384, SHA-384 over request ‖
/// response-without-signature) with the leaf key; the leaf's FWID equal to the report's; each supplied RIM signed
/// to the pinned NVIDIA CoRIM root, for the report's driver/VBIOS version, and every active reference measurement
/// matched. What it cannot do offline — OCSP status and fetching RIMs — the deployment supplies as files
/// (<see cref="NvidiaReferenceValues"/>, <paramref name="revokedSerials"/>); see docs/attestation-snp-nvidia.md.
/// </summary>
/// <param name="roots">The pinned NVIDIA roots.</param>
/// <param name="revokedSerials">
/// Serial numbers (hex, case-insensitive) of device or RIM certificates known to be revoked, from the deployment's
/// own OCSP/CRL snapshot; a certificate listed here is rejected with <c>certificate-revoked</c>.
/// </param>
public sealed class NvidiaGpuVerifier(NvidiaRoots roots, IEnumerable<string>? revokedSerials = null)
{
    /// <summary>A device or RIM certificate is on the deployment's revocation list.</summary>
    public const string CertificateRevokedReason = "certificate-revoked";

    private readonly HashSet<string> _revoked = (revokedSerials ?? []).Select(s => s.Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Verifies GPU evidence.</summary>
    /// <param name="evidence">The report and device certificate chain.</param>
    /// <param name="expectedNonce">The 32-byte nonce the verifier sent for this attestation.</param>
    /// <param name="referenceValues">The driver and VBIOS RIMs.</param>
    /// <param name="verificationTime">The instant certificates must be valid at.</param>
    /// <exception cref="ArgumentException">The expected nonce is not 32 bytes.</exception>
    /// <exception cref="AttestationRejectedException">Every failure of the evidence, with its reason code (see <see cref="NvidiaReasons"/>).</exception>
    public NvidiaGpuVerificationResult Verify(NvidiaGpuEvidence evidence, ReadOnlySpan<byte> expectedNonce, NvidiaReferenceValues referenceValues, DateTimeOffset verificationTime)
    {
        if (expectedNonce.Length != SpdmMeasurementReport.NonceLength)
        {
            throw new ArgumentException($"the expected nonce must be {SpdmMeasurementReport.NonceLength} bytes", nameof(expectedNonce));
        }

        var report = SpdmMeasurementReport.Parse(evidence.Report);
        if (!CryptographicOperations.FixedTimeEquals(report.Nonce, expectedNonce))
        {
            throw new AttestationRejectedException(NvidiaReasons.NonceMismatch,
                $"report nonce {Convert.ToHexStringLower(report.Nonce)} is not the expected {Convert.ToHexStringLower(expectedNonce)}");
        }

        var chain = NvidiaDeviceChain.Verify(evidence.CertificateChain, roots, verificationTime);
        CheckNotRevoked(CertificateTools.LoadAll(evidence.CertificateChain, "GPU device certificate chain"));
        CheckSignature(report, chain.Leaf);
        if (report.OpaqueData.Fwid is not { } fwid || !fwid.AsSpan().SequenceEqual(chain.Fwid))
        {
            throw new AttestationRejectedException(NvidiaReasons.FwidMismatch,
                $"report FWID {(report.OpaqueData.Fwid is { } f ? Convert.ToHexStringLower(f) : "(absent)")} is not the leaf certificate's {Convert.ToHexStringLower(chain.Fwid)}");
        }

        var driver = report.OpaqueData.DriverVersion ??
                     throw new AttestationRejectedException(NvidiaReasons.OpaqueDataMalformed, "report opaque data has no driver version");
        var vbios = report.OpaqueData.VbiosVersion ??
                    throw new AttestationRejectedException(NvidiaReasons.OpaqueDataMalformed, "report opaque data has no VBIOS version");

        var references = new List<IReadOnlyList<RimMeasurement>>();
        var driverStatus = LoadRim(referenceValues.DriverRim, "driver", driver, referenceValues.AllowMissing, verificationTime, references);
        var vbiosStatus = LoadRim(referenceValues.VbiosRim, "VBIOS", vbios, referenceValues.AllowMissing, verificationTime, references);
        var outcome = RimComparison.Require(report.Blocks, references);

        var measurements = report.Blocks.ToDictionary(b => $"measurement_{b.Index}", b => Convert.ToHexStringLower(b.Value));
        measurements["fwid"] = Convert.ToHexStringLower(chain.Fwid);
        var evidenceResult = new VerifiedEvidence(
            TeeKind.NvidiaGpu,
            measurements,
            report.Nonce,
            $"driver {driver} {driverStatus}; vbios {vbios} {vbiosStatus}",
            Debug: false,
            verificationTime,
            []);
        return new NvidiaGpuVerificationResult(evidenceResult, report, driver, vbios, chain.Fwid, outcome.Compared);
    }

    private string LoadRim(byte[]? bytes, string kind, string reportVersion, bool allowMissing, DateTimeOffset time, List<IReadOnlyList<RimMeasurement>> references)
    {
        if (bytes is null)
        {
            return allowMissing
                ? "rim-not-supplied"
                : throw new AttestationRejectedException(NvidiaReasons.RimMissing, $"no {kind} RIM was supplied for version {reportVersion}");
        }

        var rim = NvidiaRim.Parse(bytes);
        CheckNotRevoked(NvidiaRimSignature.Verify(rim, roots, time));
        if (!string.Equals(rim.Version, reportVersion, StringComparison.OrdinalIgnoreCase))
        {
            throw new AttestationRejectedException(NvidiaReasons.RimVersionMismatch,
                $"the {kind} RIM is for version {rim.Version}, the report's {kind} is {reportVersion}");
        }

        references.Add(rim.Measurements);
        return "rim-matched";
    }

    private void CheckNotRevoked(IEnumerable<X509Certificate2> certificates)
    {
        if (_revoked.Count == 0)
        {
            return;
        }

        foreach (var certificate in certificates)
        {
            if (_revoked.Contains(certificate.SerialNumber))
            {
                throw new AttestationRejectedException(CertificateRevokedReason,
                    $"'{certificate.Subject}' (serial {certificate.SerialNumber}) is on the revocation list");
            }
        }
    }

    private static void CheckSignature(SpdmMeasurementReport report, X509Certificate2 leaf)
    {
        bool valid;
        try
        {
            using var key = leaf.GetECDsaPublicKey();
            valid = key is not null && key.KeySize == 384 &&
                    key.VerifyData(report.SignedBytes, report.Signature, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            valid = false;
        }

        if (!valid)
        {
            throw new AttestationRejectedException(NvidiaReasons.SignatureInvalid,
                $"report signature does not verify with '{leaf.Subject}'");
        }
    }
}
