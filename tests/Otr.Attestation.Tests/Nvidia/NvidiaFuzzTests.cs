using Otr.Attestation.Nvidia;
using Otr.Attestation.Tests.Snp;

namespace Otr.Attestation.Tests.Nvidia;

public sealed class NvidiaFuzzTests
{
    public static TheoryData<string> Cases => new(NvidiaVectors.Sample, NvidiaVectors.CocoCi);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fuzz_MutatedGpuReports_AreAcceptedOrRejectedWithAReason(string name)
    {
        var verifier = new NvidiaGpuVerifier(NvidiaVectors.Roots());
        var chain = NvidiaVectors.Chain(name);
        var nonce = NvidiaVectors.Nonce(name);
        var rims = new NvidiaReferenceValues(null, null, AllowMissing: true);

        Mutations.Fuzz(NvidiaVectors.Report(name), r => verifier.Verify(new NvidiaGpuEvidence(r, chain), nonce, rims, NvidiaVectors.Time), seed: 20261125, iterations: 120, seconds: 0.5);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fuzz_MutatedDeviceChains_AreAcceptedOrRejectedWithAReason(string name)
    {
        var roots = NvidiaVectors.Roots();

        Mutations.Fuzz(NvidiaVectors.Chain(name), c => NvidiaDeviceChain.Verify(c, roots, NvidiaVectors.Time), seed: 5, iterations: 120, seconds: 0.5);
    }

    [Fact]
    public void Fuzz_MutatedRims_AreAcceptedOrRejectedWithAReason()
    {
        var roots = NvidiaVectors.Roots();

        Mutations.Fuzz(NvidiaVectors.Read(NvidiaVectors.CocoVbiosRim), x => NvidiaRimSignature.Verify(NvidiaRim.Parse(x), roots, NvidiaVectors.Time), seed: 3, iterations: 120, seconds: 0.5);
    }

    [Fact]
    public void Fuzz_HexText_IsParsedOrRejectedWithAReason()
    {
        Mutations.Fuzz(System.Text.Encoding.ASCII.GetBytes(NvidiaVectors.ReportHex(NvidiaVectors.Sample)),
            t => SpdmMeasurementReport.ParseHex(System.Text.Encoding.Latin1.GetString(t)), seed: 9, iterations: 120, seconds: 0.5);
    }
}
