using Otr.Attestation.Verification;

namespace Otr.Attestation.Nvidia;

/// <summary>Everything <see cref="NvidiaGpuVerifier"/> established.</summary>
/// <param name="Evidence">The common verification result.</param>
/// <param name="Report">The parsed report.</param>
/// <param name="DriverVersion">The driver version from the opaque data.</param>
/// <param name="VbiosVersion">The VBIOS version from the opaque data.</param>
/// <param name="Fwid">The FWID, equal in the leaf certificate and the opaque data.</param>
/// <param name="ComparedIndices">RIM indices whose measurements were compared and matched.</param>
public sealed record NvidiaGpuVerificationResult(
    VerifiedEvidence Evidence,
    SpdmMeasurementReport Report,
    string DriverVersion,
    string VbiosVersion,
    byte[] Fwid,
    IReadOnlyList<int> ComparedIndices);
