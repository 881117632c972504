using System.Text;
using Microsoft.Extensions.Logging;
using Otr.Attestation;
using Otr.Protocol;

namespace Otr.Attestation.Tests;

public sealed class SimulatedTeeTests : IDisposable
{
    private static readonly Bytes32 WeightsRoot = Keccak.Hash(Encoding.ASCII.GetBytes("weights"));
    private readonly string _directory = Directory.CreateTempSubdirectory("otr-att-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Create_Always_LogsInsecureWarning()
    {
        var logger = new CapturingLogger<SimulatedTee>();

        using var tee = new SimulatedTee(new SimulatedTeeOptions(), logger);

        var line = Assert.Single(logger.Lines);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("SIMULATED TEE — INSECURE, development only", line.Message, StringComparison.Ordinal);
        Assert.True(tee.IsInsecure);
        Assert.Equal(TeeKind.Simulated, tee.Kind);
        Assert.Equal(DevAttestation.Measurement, tee.Measurement);
    }

    [Fact]
    public void Create_WithoutKeyFile_GeneratesAFreshKeyEachTime()
    {
        using var a = new SimulatedTee(new SimulatedTeeOptions());
        using var b = new SimulatedTee(new SimulatedTeeOptions());

        Assert.NotEqual(a.EnclaveAddress, b.EnclaveAddress);
    }

    [Fact]
    public void Sign_Digest_RecoversToEnclaveAddress()
    {
        using var tee = new SimulatedTee(new SimulatedTeeOptions());
        var digest = Keccak.Hash([42]);

        var signature = tee.Sign(digest);

        Assert.True(Secp256k1.TryRecover(digest, signature, out var signer));
        Assert.Equal(tee.EnclaveAddress, signer);
    }

    [Fact]
    public async Task GetEvidence_OwnKey_DocumentStartsWithMarkerAndVerifies()
    {
        using var tee = new SimulatedTee(new SimulatedTeeOptions());
        var reportData = new ReportData(tee.EnclaveAddress, WeightsRoot, 5);

        var evidence = await tee.GetEvidenceAsync(reportData, TestContext.Current.CancellationToken);

        Assert.Equal(TeeKind.Simulated, evidence.Kind);
        Assert.StartsWith("OTR-SIMULATED-TEE-INSECURE", Encoding.ASCII.GetString(evidence.Bytes), StringComparison.Ordinal);
        Assert.Equal(SimulatedEvidence.Length, evidence.Bytes.Length);
        Assert.Equal(65, evidence.OnChainEvidence.Length);
        Assert.Equal(reportData.ToBytes(), evidence.ReportData);
        Assert.Equal(DevAttestation.Measurement, evidence.Measurement);
        var verifier = DevAttestationVerifier.WellKnown;
        Assert.Null(verifier.Check(evidence.Bytes, tee.EnclaveAddress, DevAttestation.Measurement, WeightsRoot));
        Assert.Null(verifier.Check(evidence.OnChainEvidence, tee.EnclaveAddress, DevAttestation.Measurement, WeightsRoot));
    }

    [Fact]
    public async Task GetEvidence_Document_RoundTripsThroughParse()
    {
        using var tee = new SimulatedTee(new SimulatedTeeOptions());
        var evidence = await tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, WeightsRoot, 123456789), TestContext.Current.CancellationToken);

        Assert.True(SimulatedEvidence.TryParse(evidence.Bytes, out var document));

        Assert.Equal(tee.EnclaveAddress, document!.EnclaveAddress, ignoreCase: true);
        Assert.Equal(WeightsRoot, document.WeightsRoot);
        Assert.Equal(123456789, document.RegistrationNonce);
        Assert.Equal(evidence.OnChainEvidence, document.Signature);
        Assert.Equal(evidence.Bytes, document.ToBytes());
    }

    [Fact]
    public async Task GetEvidence_ReportDataForAnotherKey_Throws()
    {
        using var tee = new SimulatedTee(new SimulatedTeeOptions());
        var other = new ReportData("0x1111111111111111111111111111111111111111", WeightsRoot, 0);

        await Assert.ThrowsAsync<ArgumentException>(() => tee.GetEvidenceAsync(other, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetEvidence_CustomDevRoot_VerifiesOnlyAgainstThatRoot()
    {
        var root = Secp256k1.GenerateKey();
        using var tee = new SimulatedTee(new SimulatedTeeOptions { DevRootKey = "0x" + Convert.ToHexStringLower(root) });
        var evidence = await tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, WeightsRoot, 0), TestContext.Current.CancellationToken);

        Assert.Equal(DevAttestation.AddressOf(root), tee.DevRootAddress);
        Assert.True(new DevAttestationVerifier(tee.DevRootAddress).Verify(evidence.OnChainEvidence, tee.EnclaveAddress, tee.Measurement, WeightsRoot));
        Assert.False(DevAttestationVerifier.WellKnown.Verify(evidence.OnChainEvidence, tee.EnclaveAddress, tee.Measurement, WeightsRoot));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x1234")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")]
    public void Create_InvalidDevRootKey_Throws(string key)
    {
        var e = Assert.Throws<ArgumentException>(() => new SimulatedTee(new SimulatedTeeOptions { DevRootKey = key }));

        Assert.Contains("DevRootKey", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_KeyFile_KeepsTheKeyAcrossRestartsWithOwnerOnlyMode()
    {
        var path = Path.Combine(_directory, "sub", "enclave.key");

        string first;
        using (var tee = new SimulatedTee(new SimulatedTeeOptions { KeyFile = path }))
        {
            first = tee.EnclaveAddress;
        }

        using var restarted = new SimulatedTee(new SimulatedTeeOptions { KeyFile = path });

        Assert.Equal(first, restarted.EnclaveAddress);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void Create_CorruptKeyFile_ThrowsNamingTheFile()
    {
        var path = Path.Combine(_directory, "bad.key");
        File.WriteAllText(path, "not a key");

        var e = Assert.Throws<InvalidOperationException>(() => new SimulatedTee(new SimulatedTeeOptions { KeyFile = path }));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_AfterDispose_Throws()
    {
        var tee = new SimulatedTee(new SimulatedTeeOptions());
        tee.Dispose();

        Assert.Throws<ObjectDisposedException>(() => tee.Sign(Bytes32.Zero));
    }
}
