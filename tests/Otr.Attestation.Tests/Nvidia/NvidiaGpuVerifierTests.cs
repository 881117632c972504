using System.Text;
using Otr.Attestation.Nvidia;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Nvidia;

public sealed class NvidiaGpuVerifierTests
{
    private static readonly NvidiaReferenceValues NoRims = new(null, null, AllowMissing: true);

    public static TheoryData<string> Cases => new(NvidiaVectors.Sample, NvidiaVectors.CocoCi);

    private static NvidiaGpuEvidence Evidence(string name) => new(NvidiaVectors.Report(name), NvidiaVectors.Chain(name));

    private static string Reason(Action action) => Assert.Throws<AttestationRejectedException>(action).Reason;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_RealVector_WithoutRims_EstablishesNonceMeasurementsAndVersions(string name)
    {
        var facts = NvidiaVectors.Facts(name);
        var report = SpdmMeasurementReport.Parse(NvidiaVectors.Report(name));

        var result = new NvidiaGpuVerifier(NvidiaVectors.Roots()).Verify(Evidence(name), NvidiaVectors.Nonce(name), NoRims, NvidiaVectors.Time);

        Assert.Equal(TeeKind.NvidiaGpu, result.Evidence.Kind);
        Assert.Equal(NvidiaVectors.Nonce(name), result.Evidence.ReportData);
        Assert.Equal(65, result.Evidence.Measurements.Count);
        Assert.All(report.Blocks, b => Assert.Equal(Convert.ToHexStringLower(b.Value), result.Evidence.Measurements[$"measurement_{b.Index}"]));
        Assert.Equal(facts.GetProperty("fwid").GetString(), result.Evidence.Measurements["fwid"]);
        Assert.Equal(facts.GetProperty("driver_version").GetString(), result.DriverVersion);
        Assert.Equal(facts.GetProperty("vbios_version").GetString(), result.VbiosVersion);
        Assert.Equal($"driver {result.DriverVersion} rim-not-supplied; vbios {result.VbiosVersion} rim-not-supplied", result.Evidence.TcbStatus);
        Assert.Empty(result.ComparedIndices);
        Assert.False(result.Evidence.Debug);
    }

    [Fact]
    public void Verify_SampleMeasurementTwo_IsTheExpectedDigest()
    {
        var result = new NvidiaGpuVerifier(NvidiaVectors.Roots()).Verify(Evidence(NvidiaVectors.Sample), NvidiaVectors.Nonce(NvidiaVectors.Sample), NoRims, NvidiaVectors.Time);

        Assert.Equal(NvidiaVectors.Facts(NvidiaVectors.Sample).GetProperty("measurement_index_2").GetString(), result.Evidence.Measurements["measurement_2"]);
    }

    [Fact]
    public void Verify_MissingRims_AreRejectedUnlessAllowed()
    {
        var verifier = new NvidiaGpuVerifier(NvidiaVectors.Roots());

        Assert.Equal("gpu-rim-missing", Reason(() => verifier.Verify(Evidence(NvidiaVectors.CocoCi), NvidiaVectors.Nonce(NvidiaVectors.CocoCi), new NvidiaReferenceValues(null, null), NvidiaVectors.Time)));
    }

    [Fact]
    public void Verify_CocoCiWithItsProductionVbiosRim_FailsOnBlockTen()
    {
        var verifier = new NvidiaGpuVerifier(NvidiaVectors.Roots());
        var rims = new NvidiaReferenceValues(null, NvidiaVectors.Read(NvidiaVectors.CocoVbiosRim), AllowMissing: true);

        var e = Assert.Throws<AttestationRejectedException>(() => verifier.Verify(Evidence(NvidiaVectors.CocoCi), NvidiaVectors.Nonce(NvidiaVectors.CocoCi), rims, NvidiaVectors.Time));

        Assert.Equal("gpu-measurement-mismatch", e.Reason);
        Assert.Contains("1 of 12 active measurements", e.Message, StringComparison.Ordinal);
        Assert.Contains("RIM index 9 / block 10", e.Message, StringComparison.Ordinal);
        Assert.Contains("report 059b32e7", e.Message, StringComparison.Ordinal);
        Assert.Contains("RIM 7f3e9382", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SampleWithTheTestRims_IsAVersionMismatch()
    {
        var verifier = new NvidiaGpuVerifier(NvidiaVectors.Roots());
        var rims = new NvidiaReferenceValues(NvidiaVectors.Read(NvidiaVectors.SampleDriverRim), NvidiaVectors.Read(NvidiaVectors.SampleVbiosRim));

        var e = Assert.Throws<AttestationRejectedException>(() => verifier.Verify(Evidence(NvidiaVectors.Sample), NvidiaVectors.Nonce(NvidiaVectors.Sample), rims, NvidiaVectors.Time));

        Assert.Equal("gpu-rim-version-mismatch", e.Reason);
        Assert.Contains("545.00", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RimComparison_SampleTestRims_MatchSixOfTwentyOneAndSevenOfTwelve()
    {
        var report = SpdmMeasurementReport.Parse(NvidiaVectors.Report(NvidiaVectors.Sample));
        var driver = NvidiaRim.Parse(NvidiaVectors.Read(NvidiaVectors.SampleDriverRim)).Measurements;
        var vbios = NvidiaRim.Parse(NvidiaVectors.Read(NvidiaVectors.SampleVbiosRim)).Measurements;

        var d = RimComparison.Compare(report.Blocks, [driver]);
        var v = RimComparison.Compare(report.Blocks, [vbios]);

        Assert.Equal((21, 6), (d.Compared.Count, d.Compared.Count - d.Mismatched.Count));
        Assert.Equal((12, 7), (v.Compared.Count, v.Compared.Count - v.Mismatched.Count));
        Assert.Empty(d.Compared.Intersect(v.Compared));
        Assert.Equal(33, RimComparison.Compare(report.Blocks, [driver, vbios]).Compared.Count);
    }

    [Fact]
    public void RimComparison_CocoCiRimWithTheReportedBlockTenAsAlternative_Matches()
    {
        var report = SpdmMeasurementReport.Parse(NvidiaVectors.Report(NvidiaVectors.CocoCi));
        var rim = NvidiaRim.Parse(NvidiaVectors.Read(NvidiaVectors.CocoVbiosRim)).Measurements
            .Select(m => m.Index == 9 ? m with { Alternatives = [.. m.Alternatives, report.Block(10)!.Value] } : m).ToList();

        var outcome = RimComparison.Require(report.Blocks, [rim]);

        Assert.Equal(12, outcome.Compared.Count);
        Assert.Empty(outcome.Mismatched);
    }

    [Fact]
    public void RimComparison_TwoRimsClaimingOneIndex_IsAConflict()
    {
        var report = SpdmMeasurementReport.Parse(NvidiaVectors.Report(NvidiaVectors.CocoCi));
        var rim = NvidiaRim.Parse(NvidiaVectors.Read(NvidiaVectors.CocoVbiosRim)).Measurements;

        Assert.Equal("gpu-rim-conflict", Reason(() => RimComparison.Compare(report.Blocks, [rim, rim])));
    }

    [Fact]
    public void RimComparison_ActiveIndexBeyondTheReport_IsMissing()
    {
        var report = SpdmMeasurementReport.Parse(NvidiaVectors.Report(NvidiaVectors.CocoCi));
        var extra = new RimMeasurement(64, "beyond", true, 48, [new byte[48]]);

        Assert.Equal("gpu-measurement-missing", Reason(() => RimComparison.Compare(report.Blocks, [[extra]])));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_WrongNonce_IsANonceMismatch(string name)
    {
        var nonce = NvidiaVectors.Nonce(name);
        nonce[31] ^= 1;

        Assert.Equal("gpu-nonce-mismatch", Reason(() => new NvidiaGpuVerifier(NvidiaVectors.Roots()).Verify(Evidence(name), nonce, NoRims, NvidiaVectors.Time)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_FlippedSignatureByte_IsASignatureFailure(string name)
    {
        var report = NvidiaVectors.Report(name);
        var signatureStart = SpdmMeasurementReport.Parse(report).SignedBytes.Length;
        foreach (var offset in new[] { 0, 47, 48, 95 })
        {
            var copy = (byte[])report.Clone();
            copy[signatureStart + offset] ^= 0x01;

            Assert.Equal("gpu-signature-invalid", Reason(() =>
                new NvidiaGpuVerifier(NvidiaVectors.Roots()).Verify(new NvidiaGpuEvidence(copy, NvidiaVectors.Chain(name)), NvidiaVectors.Nonce(name), NoRims, NvidiaVectors.Time)));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_FlippedMeasurementByte_IsASignatureFailure(string name)
    {
        var report = NvidiaVectors.Report(name);
        var parsed = SpdmMeasurementReport.Parse(report);
        var block2 = parsed.Block(2)!.Value;
        var at = report.AsSpan().IndexOf(block2);
        report[at] ^= 0x80;

        Assert.NotEqual(Convert.ToHexStringLower(block2), Convert.ToHexStringLower(SpdmMeasurementReport.Parse(report).Block(2)!.Value));
        Assert.Equal("gpu-signature-invalid", Reason(() =>
            new NvidiaGpuVerifier(NvidiaVectors.Roots()).Verify(new NvidiaGpuEvidence(report, NvidiaVectors.Chain(name)), NvidiaVectors.Nonce(name), NoRims, NvidiaVectors.Time)));
    }

    [Fact]
    public void Verify_AnotherGpusChain_IsASignatureFailure()
    {
        var evidence = new NvidiaGpuEvidence(NvidiaVectors.Report(NvidiaVectors.Sample), NvidiaVectors.Chain(NvidiaVectors.CocoCi));

        Assert.Equal("gpu-signature-invalid", Reason(() =>
            new NvidiaGpuVerifier(NvidiaVectors.Roots()).Verify(evidence, NvidiaVectors.Nonce(NvidiaVectors.Sample), NoRims, NvidiaVectors.Time)));
    }

    [Fact]
    public void Verify_RevokedDeviceCertificate_IsRejected()
    {
        var leafSerial = CertificateToolsSerial(NvidiaVectors.Chain(NvidiaVectors.Sample));
        var verifier = new NvidiaGpuVerifier(NvidiaVectors.Roots(), [leafSerial.ToLowerInvariant()]);

        Assert.Equal("certificate-revoked", Reason(() =>
            verifier.Verify(Evidence(NvidiaVectors.Sample), NvidiaVectors.Nonce(NvidiaVectors.Sample), NoRims, NvidiaVectors.Time)));
        new NvidiaGpuVerifier(NvidiaVectors.Roots(), ["00"]).Verify(Evidence(NvidiaVectors.Sample), NvidiaVectors.Nonce(NvidiaVectors.Sample), NoRims, NvidiaVectors.Time);
    }

    [Fact]
    public void Verify_BeforeTheDeviceCertificatesExisted_IsNotYetValid()
    {
        var e = Assert.Throws<AttestationRejectedException>(() => new NvidiaGpuVerifier(NvidiaVectors.Roots())
            .Verify(Evidence(NvidiaVectors.Sample), NvidiaVectors.Nonce(NvidiaVectors.Sample), NoRims, new DateTimeOffset(2020, 10, 16, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal("certificate-not-yet-valid", e.Reason);
    }

    [Fact]
    public void Verify_RevokedRimSigner_IsRejected()
    {
        var rim = NvidiaVectors.Read(NvidiaVectors.CocoVbiosRim);
        var signer = NvidiaRimSignature.Verify(NvidiaRim.Parse(rim), NvidiaVectors.Roots(), NvidiaVectors.Time)[0];
        var verifier = new NvidiaGpuVerifier(NvidiaVectors.Roots(), [signer.SerialNumber]);

        var e = Assert.Throws<AttestationRejectedException>(() => verifier.Verify(
            Evidence(NvidiaVectors.CocoCi), NvidiaVectors.Nonce(NvidiaVectors.CocoCi), new NvidiaReferenceValues(null, rim, AllowMissing: true), NvidiaVectors.Time));

        Assert.Equal("certificate-revoked", e.Reason);
        Assert.Contains("HCC RIM L4 Signer", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("case1.pem", null)]
    [InlineData("case2.pem", "gpu-cert-chain-too-short")]
    [InlineData("case3.pem", "gpu-cert-chain-invalid")]
    [InlineData("case4.pem", "gpu-fwid-missing")]
    public void DeviceChain_TrusteeCases_GiveTheirOutcome(string file, string? reason)
    {
        var chain = NvidiaVectors.Read($"nvidia/hopper-cert-chain-cases/{file}");

        if (reason is null)
        {
            var verified = NvidiaDeviceChain.Verify(chain, NvidiaVectors.Roots(), NvidiaVectors.Time);
            Assert.Equal(NvidiaVectors.Facts(NvidiaVectors.Sample).GetProperty("fwid").GetString(), Convert.ToHexStringLower(verified.Fwid));
        }
        else
        {
            Assert.Equal(reason, Reason(() => NvidiaDeviceChain.Verify(chain, NvidiaVectors.Roots(), NvidiaVectors.Time)));
        }
    }

    [Fact]
    public void DeviceChain_SigningCertFwid_IsTheExpectedOne()
    {
        var leaf = Otr.Attestation.Snp.CertificateTools.Load(NvidiaVectors.Read("nvidia/hopper-cert-chain-cases/signing_cert.pem"), "leaf");

        Assert.Equal("f5c384aebb579217a2c66b17ed0f28e6a9b8d639041acd7b4721cec004f7275494ba94bb5cdfdb3055ee051762b1f75d", Convert.ToHexStringLower(NvidiaDeviceChain.ReadFwid(leaf)));
    }

    [Fact]
    public void DeviceChain_EndingInAnotherRoot_IsUntrusted()
    {
        var rimRoot = NvidiaVectors.Read("roots/nvidia_rim_root.pem");
        var roots = NvidiaRoots.Load(rimRoot, rimRoot, NvidiaRoots.RimRootSha256);

        Assert.Equal("gpu-cert-chain-untrusted-root", Reason(() => NvidiaDeviceChain.Verify(NvidiaVectors.Chain(NvidiaVectors.Sample), roots, NvidiaVectors.Time)));
    }

    [Fact]
    public void DeviceChain_WithoutItsRoot_IsCompletedWithThePinnedOne()
    {
        var pem = Encoding.ASCII.GetString(NvidiaVectors.Chain(NvidiaVectors.Sample));
        var withoutRoot = pem[..pem.LastIndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)];

        var verified = NvidiaDeviceChain.Verify(Encoding.ASCII.GetBytes(withoutRoot), NvidiaVectors.Roots(), NvidiaVectors.Time);

        Assert.Contains("GH100 A01 GSP FMC LF", verified.Leaf.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Roots_WrongFileAsDeviceRoot_IsNotPinned()
    {
        var rimRoot = NvidiaVectors.Read("roots/nvidia_rim_root.pem");

        Assert.Equal("gpu-root-not-pinned", Reason(() => NvidiaRoots.Load(rimRoot, rimRoot)));
    }

    [Fact]
    public void RimSignature_TamperedReferenceValue_IsRejected()
    {
        var xml = Encoding.UTF8.GetString(NvidiaVectors.Read(NvidiaVectors.CocoVbiosRim));
        var tampered = xml.Replace("7f3e9382785513c1932dfcc9e87f6ef6bf5fefe88144c6ea48539e65f937013dd7349144e5f439dcea401dac26e5c098",
            "059b32e7785513c1932dfcc9e87f6ef6bf5fefe88144c6ea48539e65f937013dd7349144e5f439dcea401dac26e5c098", StringComparison.Ordinal);
        Assert.NotEqual(xml, tampered);

        var rim = NvidiaRim.Parse(Encoding.UTF8.GetBytes(tampered));

        var e = Assert.Throws<AttestationRejectedException>(() => NvidiaRimSignature.Verify(rim, NvidiaVectors.Roots(), NvidiaVectors.Time));
        Assert.Equal("gpu-rim-signature-invalid", e.Reason);
        Assert.Contains("digest", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RimSignature_TamperedSignatureValue_IsRejected()
    {
        var xml = Encoding.UTF8.GetString(NvidiaVectors.Read(NvidiaVectors.CocoVbiosRim));
        var tampered = xml.Replace("<ds:SignatureValue>xWqf", "<ds:SignatureValue>xWqe", StringComparison.Ordinal);
        Assert.NotEqual(xml, tampered);

        var e = Assert.Throws<AttestationRejectedException>(() => NvidiaRimSignature.Verify(NvidiaRim.Parse(Encoding.UTF8.GetBytes(tampered)), NvidiaVectors.Roots(), NvidiaVectors.Time));

        Assert.Equal("gpu-rim-signature-invalid", e.Reason);
        Assert.Contains("SignatureValue does not verify", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RimSignature_AfterTheSignerExpired_IsExpired()
    {
        var rim = NvidiaRim.Parse(NvidiaVectors.Read(NvidiaVectors.CocoVbiosRim));

        Assert.Equal("certificate-expired", Reason(() => NvidiaRimSignature.Verify(rim, NvidiaVectors.Roots(), new DateTimeOffset(2025, 9, 6, 0, 0, 0, TimeSpan.Zero))));
    }

    [Fact]
    public void Rim_NotXml_IsMalformed()
    {
        Assert.Equal("gpu-rim-malformed", Reason(() => NvidiaRim.Parse("<SoftwareIdentity"u8.ToArray())));
        Assert.Equal("gpu-rim-malformed", Reason(() => NvidiaRim.Parse("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"u8.ToArray())));
    }

    private static string CertificateToolsSerial(byte[] chain) => Otr.Attestation.Snp.CertificateTools.LoadAll(chain, "chain")[0].SerialNumber;
}
