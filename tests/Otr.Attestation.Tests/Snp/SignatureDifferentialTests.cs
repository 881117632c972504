using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Otr.Attestation.Snp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using BcParser = Org.BouncyCastle.X509.X509CertificateParser;

namespace Otr.Attestation.Tests.Snp;

/// <summary>
/// The hand-written signature checks (System.Security.Cryptography over hand-split ASN.1) against BouncyCastle, on
/// every certificate of the vendor vectors paired with every possible issuer, intact and with a flipped signature.
/// </summary>
public sealed partial class SignatureDifferentialTests
{
    [Fact]
    public void CertificateSignatures_AgreeWithBouncyCastle()
    {
        var certificates = AllVendorCertificates();
        var parsed = certificates.ToDictionary(c => c, c => new BcParser().ReadCertificate(c.RawData));
        var roots = certificates.Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)).ToList();
        var agreedValid = 0;
        var withoutIssuer = 0;

        foreach (var child in certificates)
        {
            var tampered = (byte[])child.RawData.Clone();
            tampered[^5] ^= 0x01;
            // Every certificate named as the issuer, plus one root that is certainly not (another vendor's or product's).
            var named = certificates.Where(c => c.SubjectName.Name == child.IssuerName.Name).ToList();
            var candidates = named.Append(roots.First(r => r.SubjectName.Name != child.IssuerName.Name)).ToList();
            var anyValid = false;
            foreach (var issuer in candidates)
            {
                var ours = CertificateTools.SignatureVerifies(child.RawData, issuer);
                Assert.Equal(BouncyCastleVerifies(parsed[child], parsed[issuer]), ours);
                Assert.False(CertificateTools.SignatureVerifies(tampered, issuer));
                agreedValid += ours ? 1 : 0;
                anyValid |= ours;
            }

            withoutIssuer += anyValid ? 0 : 1;

            Assert.False(BouncyCastleVerifies(new BcParser().ReadCertificate(tampered), parsed[candidates[0]]));
        }

        // Every certificate verifies under its issuer except trustee's two synthetic "invalid" VCEKs.
        Assert.Equal(2, withoutIssuer);
        Assert.True(agreedValid >= certificates.Count - 2);
    }

    [Theory]
    [MemberData(nameof(SnpRealVectorTests.Cases), MemberType = typeof(SnpRealVectorTests))]
    public void ReportSignature_BouncyCastleOnLittleEndianRAndS_AgreesWithTheVerifier(string name)
    {
        var report = SnpVectors.Report(name);
        var vek = new BcParser().ReadCertificate(AmdKeyCertificate.Read(SnpVectors.Vek(name)).Certificate.RawData);

        Assert.True(BouncyCastleReportSignature(report, vek));
        SnpVectors.Verifier().Verify(report, SnpVectors.Vek(name), SnpVectors.Time);
        report[0x90] ^= 1;
        Assert.False(BouncyCastleReportSignature(report, vek));
    }

    private static bool BouncyCastleReportSignature(byte[] report, BcCertificate vek)
    {
        var signer = new ECDsaSigner();
        signer.Init(false, (ECPublicKeyParameters)vek.GetPublicKey());
        var r = new BigInteger(1, report.AsSpan(0x2A0, 72).ToArray().Reverse().ToArray());
        var s = new BigInteger(1, report.AsSpan(0x2E8, 72).ToArray().Reverse().ToArray());
        return signer.VerifySignature(SHA384.HashData(report.AsSpan(0, 0x2A0)), r, s);
    }

    private static bool BouncyCastleVerifies(BcCertificate child, BcCertificate issuer)
    {
        try
        {
            child.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception e) when (e is not Xunit.Sdk.IAssertionException)
        {
            // BouncyCastle reports a bad signature, a wrong key type and an oversized RSA input all as exceptions.
            return false;
        }
    }

    private static List<X509Certificate2> AllVendorCertificates()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "TestData", "vendor");
        var certificates = new List<X509Certificate2>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "sev-snp"), "*", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(Path.Combine(root, "nvidia"), "*.pem", SearchOption.AllDirectories))
                     .Concat(Directory.EnumerateFiles(Path.Combine(root, "roots"), "*.pem"))
                     .Where(f => f.EndsWith(".pem", StringComparison.Ordinal) || f.EndsWith(".der", StringComparison.Ordinal)))
        {
            certificates.AddRange(CertificateTools.LoadAll(File.ReadAllBytes(file), file));
        }

        var rim = File.ReadAllText(Path.Combine(root, "nvidia", "hopper-coco-ci", "vbios_rim_1010_0200_882_960074001A_PROD.swidtag"));
        certificates.AddRange(RimCertificate().Matches(rim).Select(m => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(m.Groups[1].Value))));
        return certificates.DistinctBy(c => Convert.ToHexString(c.RawData)).ToList();
    }

    [GeneratedRegex("<ds:X509Certificate>([^<]*)</ds:X509Certificate>")]
    private static partial Regex RimCertificate();
}
