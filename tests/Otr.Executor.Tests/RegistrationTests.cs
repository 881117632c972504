using System.Net.Http.Json;
using Otr.Attestation;
using Otr.Executor.Configuration;
using Otr.Executor.Hosting;
using Otr.Executor.Http;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Tests;

/// <summary>Registration against a real Anvil with the deployed contracts.</summary>
public sealed class RegistrationTests(ChainFixture chain) : IClassFixture<ChainFixture>
{
    private static readonly Bytes32 DemoModelId = Keccak.HashUtf8(DemoModelFactory.DefaultName);

    [Fact]
    public async Task Start_FreshKey_RegistersOnChainWithStakeAndEvidenceTheSolidityVerifierAccepts()
    {
        // The report data commits to the operator's account nonce at registration time: whatever
        // transactions earlier tests in this class sent from the operator account decide its value.
        var operatorNonce = (await chain.Owner.Eth.Transactions.GetTransactionCount.SendRequestAsync(chain.OperatorAddress)).Value;

        await using var executor = await TestExecutor.StartAsync(chain.Configure);
        var identity = await executor.IdentityAsync();

        Assert.Equal("registered", identity.Registration);
        var registration = await chain.Executors.GetRegistrationAsync(identity.Address);
        Assert.NotNull(registration);
        Assert.Equal(DemoModelId, registration.ModelId);
        Assert.Equal(DevAttestation.Measurement, registration.Measurement);
        Assert.Equal(ChainFixture.MinStake, registration.Stake);
        Assert.Equal(chain.OperatorAddress, registration.Operator, ignoreCase: true);
        Assert.True(await chain.Executors.IsRegisteredAsync(identity.Address, DemoModelId));

        var attestation = (await executor.Http.GetFromJsonAsync<ExecutorAttestation>("/v1/attestation", TestExecutor.Json, TestContext.Current.CancellationToken))!;
        var root = Bytes32.Parse(identity.WeightsRoot);
        Assert.True(await chain.Verifier.VerifyAsync(Convert.FromHexString(attestation.OnChainEvidence[2..]), identity.Address, DevAttestation.Measurement, root));
        // The full off-chain document is not what the Solidity verifier reads (it wants exactly 65 bytes).
        Assert.False(await chain.Verifier.VerifyAsync(Convert.FromHexString(attestation.Evidence[2..]), identity.Address, DevAttestation.Measurement, root));
        Assert.Equal(operatorNonce.ToString(System.Globalization.CultureInfo.InvariantCulture), attestation.RegistrationNonce);
    }

    [Fact]
    public async Task Start_ExplicitStake_StakesThatAmount()
    {
        var stake = ChainFixture.MinStake * 3;

        await using var executor = await TestExecutor.StartAsync(o =>
        {
            chain.Configure(o);
            o.L1.StakeWei = stake.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });

        var registration = await chain.Executors.GetRegistrationAsync((await executor.IdentityAsync()).Address);
        Assert.Equal(stake, registration!.Stake);
    }

    [Fact]
    public async Task Start_StakeBelowMinimum_RefusesToStart()
    {
        await using var app = TestExecutor.Build(o =>
        {
            chain.Configure(o);
            o.L1.StakeWei = "1";
        });

        var e = await Assert.ThrowsAsync<ExecutorStartupException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("below ExecutorRegistry's minimum stake", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RestartWithKeyFile_SkipsRegistrationAndKeepsTheStake()
    {
        var directory = Directory.CreateTempSubdirectory("otr-exec-").FullName;
        try
        {
            var keyFile = Path.Combine(directory, "enclave.key");
            string address;
            await using (var first = await TestExecutor.StartAsync(o =>
            {
                chain.Configure(o);
                o.SimulatedTee.KeyFile = keyFile;
            }))
            {
                var identity = await first.IdentityAsync();
                Assert.Equal("registered", identity.Registration);
                address = identity.Address;
            }

            var total = await chain.Executors.GetTotalStakedAsync();
            await using var restarted = await TestExecutor.StartAsync(o =>
            {
                chain.Configure(o);
                o.SimulatedTee.KeyFile = keyFile;
            });

            var again = await restarted.IdentityAsync();
            Assert.Equal(address, again.Address);
            Assert.Equal("already-registered", again.Registration);
            Assert.Equal(total, await chain.Executors.GetTotalStakedAsync());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Start_RegisteredRootDiffers_RefusesToServe()
    {
        var otherRoot = DemoModelFactory.Create(TestExecutor.DemoSeed + 1).WeightsRoot;
        await chain.RegisterModelAsync("otr-mismatch-test", otherRoot);
        await using var app = TestExecutor.Build(o =>
        {
            chain.Configure(o);
            o.ModelName = "otr-mismatch-test";
        });

        var e = await Assert.ThrowsAsync<ExecutorStartupException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("weights root mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains($"ModelRegistry {chain.Contracts.ModelRegistry} registered {otherRoot}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ModelNotRegistered_RefusesToServe()
    {
        await using var app = TestExecutor.Build(o =>
        {
            chain.Configure(o);
            o.ModelName = "otr-never-registered";
        });

        var e = await Assert.ThrowsAsync<ExecutorStartupException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("is not registered in ModelRegistry", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RegistrationDisabled_ChecksTheRootButSendsNothing()
    {
        await using var executor = await TestExecutor.StartAsync(o =>
        {
            chain.Configure(o);
            o.L1.Register = false;
            o.L1.OperatorKey = null;
        });

        var identity = await executor.IdentityAsync();
        Assert.Equal("disabled", identity.Registration);
        Assert.Null(await chain.Executors.GetRegistrationAsync(identity.Address));
    }

    [Fact]
    public async Task Start_OtherWeightsCheat_RegistersWithTheRegisteredRoot()
    {
        await using var executor = await TestExecutor.StartAsync(o =>
        {
            chain.Configure(o);
            o.Cheat = CheatMode.OtherWeights;
        });

        var identity = await executor.IdentityAsync();
        Assert.Equal("registered", identity.Registration);
        Assert.True(await chain.Executors.IsRegisteredAsync(identity.Address, DemoModelId));
    }
}
