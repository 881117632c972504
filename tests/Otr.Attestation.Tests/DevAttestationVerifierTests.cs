using System.Text;
using Otr.Attestation;
using Otr.Protocol;

namespace Otr.Attestation.Tests;

public sealed class DevAttestationVerifierTests
{
    private static readonly Bytes32 WeightsRoot = Keccak.Hash(Encoding.ASCII.GetBytes("weights"));
    private static readonly Bytes32 OtherRoot = Keccak.Hash(Encoding.ASCII.GetBytes("other weights"));
    private const string Stranger = "0x1111111111111111111111111111111111111111";

    [Fact]
    public async Task Check_OnChainEvidence_FailsForEachWrongBinding()
    {
        using var tee = new SimulatedTee(new SimulatedTeeOptions());
        var evidence = (await tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, WeightsRoot, 0), TestContext.Current.CancellationToken)).OnChainEvidence;
        var verifier = DevAttestationVerifier.WellKnown;

        Assert.True(verifier.Verify(evidence, tee.EnclaveAddress, tee.Measurement, WeightsRoot));
        Assert.False(verifier.Verify(evidence, tee.EnclaveAddress, tee.Measurement, OtherRoot));
        Assert.False(verifier.Verify(evidence, tee.EnclaveAddress, OtherRoot, WeightsRoot));
        Assert.False(verifier.Verify(evidence, Stranger, tee.Measurement, WeightsRoot));
        Assert.Contains("not by the trusted dev root key", verifier.Check(evidence, Stranger, tee.Measurement, WeightsRoot), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AddressCase_DoesNotMatter()
    {
        using var tee = new SimulatedTee(new SimulatedTeeOptions());
        var evidence = await tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, WeightsRoot, 0), TestContext.Current.CancellationToken);

        Assert.True(DevAttestationVerifier.WellKnown.Verify(evidence.Bytes, tee.EnclaveAddress.ToLowerInvariant(), tee.Measurement, WeightsRoot));
        Assert.True(new DevAttestationVerifier(DevAttestation.WellKnownDevRootAddress.ToLowerInvariant())
            .Verify(evidence.OnChainEvidence, tee.EnclaveAddress, tee.Measurement, WeightsRoot));
    }

    [Fact]
    public async Task Check_DocumentForOtherWeights_SaysWhichRootItAttests()
    {
        using var tee = new SimulatedTee(new SimulatedTeeOptions());
        var evidence = await tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, WeightsRoot, 0), TestContext.Current.CancellationToken);

        var reason = DevAttestationVerifier.WellKnown.Check(evidence.Bytes, tee.EnclaveAddress, tee.Measurement, OtherRoot);

        Assert.Equal($"evidence attests weights root {WeightsRoot}, not {OtherRoot}", reason);
    }

    [Fact]
    public async Task Check_DocumentWithTamperedReportData_IsRejected()
    {
        using var tee = new SimulatedTee(new SimulatedTeeOptions());
        var evidence = await tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, WeightsRoot, 0), TestContext.Current.CancellationToken);
        Assert.True(SimulatedEvidence.TryParse(evidence.Bytes, out var document));
        var tampered = document! with { ReportData = new byte[64] };

        var reason = DevAttestationVerifier.WellKnown.Check(tampered.ToBytes(), tee.EnclaveAddress, tee.Measurement, WeightsRoot);

        Assert.Equal("evidence report data does not commit to the enclave key, weights root and nonce", reason);
    }

    [Fact]
    public async Task Check_TruncatedDocument_IsMalformed()
    {
        using var tee = new SimulatedTee(new SimulatedTeeOptions());
        var evidence = await tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, WeightsRoot, 0), TestContext.Current.CancellationToken);

        var reason = DevAttestationVerifier.WellKnown.Check(evidence.Bytes.AsSpan(0, 100), tee.EnclaveAddress, tee.Measurement, WeightsRoot);

        Assert.StartsWith("simulated evidence document is malformed", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SignatureByAnyOtherKey_IsRejected()
    {
        var impostor = Secp256k1.GenerateKey();
        var evidence = DevAttestation.Sign(impostor, Stranger, DevAttestation.Measurement, WeightsRoot);

        Assert.False(DevAttestationVerifier.WellKnown.Verify(evidence, Stranger, DevAttestation.Measurement, WeightsRoot));
        Assert.True(new DevAttestationVerifier(DevAttestation.AddressOf(impostor)).Verify(evidence, Stranger, DevAttestation.Measurement, WeightsRoot));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(66)]
    [InlineData(130)]
    public void Check_WrongLength_SaysSo(int length)
    {
        var reason = DevAttestationVerifier.WellKnown.Check(new byte[length], Stranger, DevAttestation.Measurement, WeightsRoot);

        Assert.Equal($"dev attestation evidence must be a 65-byte signature, got {length} bytes", reason);
    }

    [Fact]
    public void Check_MalformedEnclaveAddress_SaysSo()
    {
        Assert.Equal("'0x12' is not an Ethereum address", DevAttestationVerifier.WellKnown.Check(new byte[65], "0x12", DevAttestation.Measurement, WeightsRoot));
    }

    [Fact]
    public void Create_MalformedRootAddress_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DevAttestationVerifier("not-an-address"));
    }
}
