using Otr.Attestation.Snp;

namespace Otr.Attestation.Tests.Snp;

public sealed class SnpFuzzTests
{
    [Theory]
    [MemberData(nameof(SnpRealVectorTests.Cases), MemberType = typeof(SnpRealVectorTests))]
    public void Fuzz_MutatedReports_AreAcceptedOrRejectedWithAReason(string name)
    {
        var verifier = SnpVectors.Verifier();
        var vek = SnpVectors.Vek(name);

        var (runs, _) = Mutations.Fuzz(SnpVectors.Report(name), r => verifier.Verify(r, vek, SnpVectors.Time), seed: 20261125, iterations: 120, seconds: 0.5);

        Assert.True(runs > 0);
    }

    [Theory]
    [MemberData(nameof(SnpRealVectorTests.Cases), MemberType = typeof(SnpRealVectorTests))]
    public void Fuzz_MutatedVekCertificates_AreAcceptedOrRejectedWithAReason(string name)
    {
        var verifier = SnpVectors.Verifier();
        var report = SnpVectors.Report(name);

        Mutations.Fuzz(SnpVectors.Vek(name), v => verifier.Verify(report, v, SnpVectors.Time), seed: 7, iterations: 120, seconds: 0.5);
    }

    [Fact]
    public void Fuzz_MutatedHclReports_AreAcceptedOrRejectedWithAReason()
    {
        var verifier = SnpVectors.Verifier();
        var vcek = SnpVectors.Read("sev-snp/trustee-azure-milan-vcek/vcek.pem");

        Mutations.Fuzz(SnpVectors.Read("sev-snp/trustee-azure-milan-vcek/hcl-report.bin"), h => verifier.VerifyAzureHcl(h, vcek, SnpVectors.Time), seed: 11, iterations: 120, seconds: 0.5);
    }

    [Fact]
    public void Fuzz_MutatedRootsAndCrls_AreLoadedOrRejectedWithAReason()
    {
        Mutations.Fuzz(SnpVectors.Read("roots/amd_ask_ark_asvk_milan.pem"), r => SnpProductRoots.Load(SnpProduct.Milan, [r]), seed: 13, iterations: 120, seconds: 0.5);
        var amd = SyntheticSnp.Milan;
        var crl = amd.Crl([amd.Ask.SerialNumberBytes.ToArray()], SyntheticSnp.Time.AddDays(-1), SyntheticSnp.Time.AddDays(1));
        Mutations.Fuzz(crl, c => AmdCrl.Read(c).Check(amd.Ark, amd.Ask, SyntheticSnp.Time), seed: 17, iterations: 120, seconds: 0.5);
    }
}
