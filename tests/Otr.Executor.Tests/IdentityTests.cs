using System.Net.Http.Json;
using System.Text;
using Otr.Attestation;
using Otr.Executor.Http;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Tests;

public sealed class IdentityTests
{
    [Fact]
    public async Task Identity_DemoModelOffChain_ReportsAddressModelRootAndInsecureTee()
    {
        await using var executor = await TestExecutor.StartAsync();

        var identity = await executor.IdentityAsync();

        Assert.Matches("^0x[0-9a-fA-F]{40}$", identity.Address);
        Assert.Equal("otr-demo-q8", identity.Model);
        Assert.Equal(Keccak.HashUtf8("otr-demo-q8").ToString(), identity.ModelId);
        Assert.Equal(DemoModelFactory.Create(TestExecutor.DemoSeed).WeightsRoot.ToString(), identity.WeightsRoot);
        Assert.Equal("simulated", identity.Tee);
        Assert.True(identity.Insecure);
        Assert.Equal(DevAttestation.Measurement.ToString(), identity.Measurement);
        Assert.Equal("off-chain", identity.Registration);
        Assert.Equal(TestExecutor.Rollup, identity.VerifyingContract);
    }

    [Fact]
    public async Task Identity_RawJson_HasTheFieldsTheSequencerReads()
    {
        await using var executor = await TestExecutor.StartAsync();

        var json = await executor.Http.GetStringAsync("/v1/identity", TestContext.Current.CancellationToken);

        Assert.Contains("\"address\":\"0x", json, StringComparison.Ordinal);
        Assert.Contains("\"model\":\"otr-demo-q8\"", json, StringComparison.Ordinal);
        Assert.Contains("\"weightsRoot\":\"0x", json, StringComparison.Ordinal);
        Assert.Contains("\"tee\":\"simulated\"", json, StringComparison.Ordinal);
        Assert.Contains("\"insecure\":true", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attestation_Simulated_EvidenceVerifiesForIdentityAndWeightsRoot()
    {
        await using var executor = await TestExecutor.StartAsync();
        var identity = await executor.IdentityAsync();

        var attestation = (await executor.Http.GetFromJsonAsync<ExecutorAttestation>("/v1/attestation", TestExecutor.Json, TestContext.Current.CancellationToken))!;

        var evidence = Convert.FromHexString(attestation.Evidence[2..]);
        Assert.StartsWith("OTR-SIMULATED-TEE-INSECURE", Encoding.ASCII.GetString(evidence), StringComparison.Ordinal);
        Assert.True(attestation.Insecure);
        Assert.Equal(identity.Address, attestation.EnclaveAddress);
        var root = Bytes32.Parse(identity.WeightsRoot);
        Assert.Null(DevAttestationVerifier.WellKnown.Check(evidence, identity.Address, DevAttestation.Measurement, root));
        Assert.True(DevAttestationVerifier.WellKnown.Verify(Convert.FromHexString(attestation.OnChainEvidence[2..]), identity.Address, DevAttestation.Measurement, root));
        Assert.Equal(Convert.ToHexStringLower(new ReportData(identity.Address, root, 0).ToBytes()), attestation.ReportData[2..]);
    }

    [Fact]
    public async Task Identity_KeyFile_SurvivesARestart()
    {
        var directory = Directory.CreateTempSubdirectory("otr-exec-").FullName;
        try
        {
            var keyFile = Path.Combine(directory, "enclave.key");
            string first;
            await using (var executor = await TestExecutor.StartAsync(o => o.SimulatedTee.KeyFile = keyFile))
            {
                first = (await executor.IdentityAsync()).Address;
            }

            await using var restarted = await TestExecutor.StartAsync(o => o.SimulatedTee.KeyFile = keyFile);

            Assert.Equal(first, (await restarted.IdentityAsync()).Address);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Identity_NoKeyFile_EachStartHasANewKey()
    {
        await using var a = await TestExecutor.StartAsync();
        await using var b = await TestExecutor.StartAsync();

        Assert.NotEqual((await a.IdentityAsync()).Address, (await b.IdentityAsync()).Address);
    }
}
