using Otr.Chain.Contracts;
using Otr.Chain.Tests.Support;
using Otr.Protocol;

namespace Otr.Chain.Tests.Contracts;

/// <summary>Model and executor registration with C#-made dev evidence on Anvil.</summary>
public sealed class RegistryTests(OtrChainFixture chain) : IClassFixture<OtrChainFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetModel_FixtureModel_ReturnsRegisteredFields()
    {
        var model = await chain.Models.GetModelAsync(OtrChainFixture.ModelId);

        Assert.NotNull(model);
        Assert.Equal(OtrChainFixture.WeightsRoot, model.WeightsRoot);
        Assert.Equal(OtrChainFixture.TokenizerDigest, model.TokenizerDigest);
        Assert.Equal("q8-exact", model.Profile);
        Assert.Equal(1_000_000_000, model.PricePerToken);
        Assert.True(await chain.Models.GetModelCountAsync() >= 1);
        Assert.Equal(OtrChainFixture.ModelId, await chain.Models.GetModelIdAtAsync(0));
        Assert.Null(await chain.Models.GetModelAsync(Keccak.HashUtf8("no such model")));
    }

    [Fact]
    public async Task RegisterModel_Duplicate_ThrowsModelAlreadyRegistered()
    {
        var e = await Assert.ThrowsAsync<ContractRevertException>(() => chain.Models.RegisterModelAsync(
            OtrChainFixture.ModelId, OtrChainFixture.WeightsRoot, OtrChainFixture.TokenizerDigest, "q8-exact", 1, Ct));

        Assert.Equal("ModelAlreadyRegistered", e.ErrorName);
        Assert.Equal(OtrChainFixture.ModelId, e.Arguments[0]);
    }

    [Fact]
    public async Task AttestationDigest_RandomInputs_EqualsCSharpEncoding()
    {
        var rng = new Random(19);
        for (var i = 0; i < 10; i++)
        {
            var enclave = ReceiptSigner.AddressOf(RandomReceipts.PrivateKey(rng));
            var measurement = RandomReceipts.Bytes32(rng);
            var weights = RandomReceipts.Bytes32(rng);
            Assert.Equal(DevEvidence.Digest(enclave, measurement, weights), await chain.Verifier.GetAttestationDigestAsync(enclave, measurement, weights));
        }
    }

    [Fact]
    public async Task Register_CSharpDevEvidence_RegistersEnclaveKey()
    {
        var stakedBefore = await chain.Executors.GetTotalStakedAsync();

        var key = await chain.RegisterEnclaveAsync("register");
        var address = ReceiptSigner.AddressOf(key);

        Assert.True(await chain.Executors.IsRegisteredAsync(address, OtrChainFixture.ModelId));
        var registration = await chain.Executors.GetRegistrationAsync(address);
        Assert.NotNull(registration);
        Assert.Equal(chain.OperatorAddress, registration.Operator, ignoreCase: true);
        Assert.Equal(OtrChainFixture.ModelId, registration.ModelId);
        Assert.Equal(OtrChainFixture.Measurement, registration.Measurement);
        Assert.Equal(OtrChainFixture.MinStake, registration.Stake);
        Assert.Equal(stakedBefore + OtrChainFixture.MinStake, await chain.Executors.GetTotalStakedAsync());
    }

    [Fact]
    public async Task Register_EvidenceForOtherWeights_ThrowsInvalidAttestation()
    {
        var key = Keccak.HashUtf8("downgrader").ToArray();
        var address = ReceiptSigner.AddressOf(key);
        var evidence = DevEvidence.Sign(OtrChainFixture.DevRootKey, address, OtrChainFixture.Measurement, Keccak.HashUtf8("cheap weights"));

        var e = await Assert.ThrowsAsync<ContractRevertException>(() => chain.Executors.RegisterAsync(
            address, OtrChainFixture.ModelId, OtrChainFixture.Measurement, evidence, OtrChainFixture.MinStake, Ct));

        Assert.Equal("InvalidAttestation", e.ErrorName);
        Assert.Null(await chain.Executors.GetRegistrationAsync(address));
    }

    [Fact]
    public async Task Register_BelowMinimumStake_ThrowsInsufficientStake()
    {
        var address = ReceiptSigner.AddressOf(Keccak.HashUtf8("cheapskate").ToArray());
        var evidence = DevEvidence.Sign(OtrChainFixture.DevRootKey, address, OtrChainFixture.Measurement, OtrChainFixture.WeightsRoot);

        var e = await Assert.ThrowsAsync<ContractRevertException>(() => chain.Executors.RegisterAsync(
            address, OtrChainFixture.ModelId, OtrChainFixture.Measurement, evidence, OtrChainFixture.MinStake - 1, Ct));

        Assert.Equal("InsufficientStake", e.ErrorName);
    }
}
