using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Snp;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Nvidia;

/// <summary>
/// The pinned NVIDIA roots: the NVIDIA Device Identity CA (root of every GPU's device certificate chain) and the
/// NVIDIA CoRIM signing Root CA (root of the RIM signing chains). The deployment supplies them as files; each is
/// checked against its SHA-256 fingerprint (of the DER) and must be self-signed.
/// </summary>
public sealed class NvidiaRoots
{
    /// <summary>SHA-256 of NVIDIA Device Identity CA (valid 2021-11-05 to 9999-12-31).</summary>
    public const string DeviceIdentityRootSha256 = "102bf659d5419614c9d8e6aecebc80454eb26b1df6a769ac720b9a690b167b48";

    /// <summary>SHA-256 of NVIDIA CoRIM signing Root CA (valid 2023-03-16 to 2053-03-08).</summary>
    public const string RimRootSha256 = "12977b5115acb0381179279fffeb5a8c4d264971ebb32298023a465fa41df5d1";

    private NvidiaRoots(X509Certificate2 deviceRoot, X509Certificate2 rimRoot)
    {
        DeviceRoot = deviceRoot;
        RimRoot = rimRoot;
    }

    /// <summary>The device identity root.</summary>
    public X509Certificate2 DeviceRoot { get; }

    /// <summary>The RIM signing root.</summary>
    public X509Certificate2 RimRoot { get; }

    /// <summary>Loads and checks both roots.</summary>
    /// <param name="deviceRoot">The device identity root (PEM or DER).</param>
    /// <param name="rimRoot">The RIM root (PEM or DER).</param>
    /// <param name="deviceRootSha256">Pin for the device root; null means <see cref="DeviceIdentityRootSha256"/>.</param>
    /// <param name="rimRootSha256">Pin for the RIM root; null means <see cref="RimRootSha256"/>.</param>
    /// <exception cref="AttestationRejectedException"><c>certificate-malformed</c>, <c>gpu-root-not-pinned</c>.</exception>
    public static NvidiaRoots Load(byte[] deviceRoot, byte[] rimRoot, string? deviceRootSha256 = null, string? rimRootSha256 = null) =>
        new(Pinned(deviceRoot, deviceRootSha256 ?? DeviceIdentityRootSha256, "device identity root"),
            Pinned(rimRoot, rimRootSha256 ?? RimRootSha256, "RIM root"));

    private static X509Certificate2 Pinned(byte[] bytes, string pin, string what)
    {
        var certificate = CertificateTools.Load(bytes, what);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
        if (!string.Equals(fingerprint, pin, StringComparison.OrdinalIgnoreCase) || !CertificateTools.IsSignedBy(certificate, certificate))
        {
            throw new AttestationRejectedException(NvidiaReasons.RootNotPinned,
                $"{what} '{certificate.Subject}' (SHA-256 {fingerprint}) is not the pinned self-signed root {pin}");
        }

        return certificate;
    }
}
