using System.Text.Json;
using Otr.Chain.Contracts;
using Otr.Chain.Deployment;
using Otr.Chain.Tests.Support;
using Otr.Protocol;

namespace Otr.Chain.Tests.Contracts;

/// <summary>OtrDeployer wiring and the addresses' JSON form.</summary>
public sealed class DeployerTests(OtrChainFixture chain) : IClassFixture<OtrChainFixture>
{
    [Fact]
    public async Task DeployAllAsync_FixtureDeployment_WiresRolesAndVerifier()
    {
        Assert.Equal(chain.SequencerAddress, await chain.Rollup.GetSequencerAsync(), ignoreCase: true);
        Assert.Equal(chain.OwnerAddress, await chain.Rollup.GetOwnerAsync(), ignoreCase: true);
        Assert.Equal(OtrChainFixture.Window, await chain.Rollup.GetChallengeWindowAsync());
        Assert.Equal(chain.Contracts.ModelRegistry, await chain.Executors.GetModelRegistryAsync(), ignoreCase: true);
        Assert.Equal(chain.Contracts.AttestationVerifier, await chain.Executors.GetVerifierAsync(), ignoreCase: true);
        Assert.Equal(OtrChainFixture.MinStake, await chain.Executors.GetMinStakeAsync());
        Assert.True(await chain.Executors.IsMeasurementAllowedAsync(OtrChainFixture.Measurement));
        Assert.True(await chain.Verifier.IsInsecureAsync());
        Assert.Equal(ReceiptSigner.AddressOf(OtrChainFixture.DevRootKey), await chain.Verifier.GetDevRootKeyAsync(), ignoreCase: true);
    }

    [Fact]
    public async Task DeployAllAsync_OtherOwnerAndDisputeGame_HandsOverOwnership()
    {
        var web3 = chain.Web3For(3);
        var owner = chain.Node.DevAddresses[4];
        var game = chain.Node.DevAddresses[5];

        var contracts = await OtrDeployer.DeployAllAsync(web3, new DeploymentOptions
        {
            DevRootAddress = chain.Node.DevAddresses[6],
            Owner = owner,
            DisputeGame = game,
            ChallengeWindow = TimeSpan.FromMinutes(5),
        }, TestContext.Current.CancellationToken);

        var rollup = new OtrRollupService(web3, contracts.Rollup);
        Assert.Equal(owner, await rollup.GetOwnerAsync(), ignoreCase: true);
        Assert.Equal(owner, await new ModelRegistryService(web3, contracts.ModelRegistry).GetOwnerAsync(), ignoreCase: true);
        Assert.Equal(owner, await new ExecutorRegistryService(web3, contracts.ExecutorRegistry).GetOwnerAsync(), ignoreCase: true);
        Assert.Equal(chain.Node.DevAddresses[3], await rollup.GetSequencerAsync(), ignoreCase: true);
        Assert.Equal(game, await rollup.GetDisputeGameAsync(), ignoreCase: true);
        Assert.Equal(game, await new ExecutorRegistryService(web3, contracts.ExecutorRegistry).GetDisputeGameAsync(), ignoreCase: true);
        Assert.Null(contracts.DisputeGame);
        Assert.Equal(TimeSpan.FromMinutes(5), await rollup.GetChallengeWindowAsync());
    }

    [Fact]
    public void OtrContracts_Json_UsesAgreedPropertyNamesAndRoundTrips()
    {
        var contracts = new OtrContracts("0x01", "0x02", "0x03", "0x04");

        var json = contracts.ToJson();
        using var doc = JsonDocument.Parse(json);

        Assert.Equal(["modelRegistry", "executorRegistry", "rollup", "attestationVerifier", "disputeGame"],
            doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(contracts, OtrContracts.FromJson(json));
        var withGame = contracts with { DisputeGame = "0x05" };
        Assert.Equal(withGame, OtrContracts.FromJson(withGame.ToJson()));
        Assert.Equal(contracts, OtrContracts.FromJson("""{"modelRegistry":"0x01","executorRegistry":"0x02","rollup":"0x03","attestationVerifier":"0x04"}"""));
        Assert.Throws<FormatException>(() => OtrContracts.FromJson("""{"rollup":"0x03"}"""));
    }

    [Fact]
    public void Validate_BadOptions_NamesTheOption()
    {
        var zeroRoot = new DeploymentOptions { DevRootAddress = "0x0000000000000000000000000000000000000000" };
        var badWindow = new DeploymentOptions { DevRootAddress = chain.OwnerAddress, ChallengeWindow = TimeSpan.FromMilliseconds(1500) };

        Assert.Contains("DevRootAddress", Assert.Throws<ArgumentException>(zeroRoot.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("ChallengeWindow", Assert.Throws<ArgumentException>(badWindow.Validate).Message, StringComparison.Ordinal);
        var root = chain.OwnerAddress;
        string Error(DeploymentOptions o) => Assert.Throws<ArgumentException>(o.Validate).Message;
        Assert.Contains("OneStepVerifier", Error(new() { DevRootAddress = root, OneStepVerifier = "0x12" }), StringComparison.Ordinal);
        Assert.Contains("not both", Error(new() { DevRootAddress = root, OneStepVerifier = root, DisputeGame = root }), StringComparison.Ordinal);
        Assert.Contains("MoveTimeout", Error(new() { DevRootAddress = root, MoveTimeout = TimeSpan.FromSeconds(59) }), StringComparison.Ordinal);
        Assert.Contains("MoveTimeout", Error(new() { DevRootAddress = root, MoveTimeout = TimeSpan.FromDays(31) }), StringComparison.Ordinal);
        Assert.Contains("DisputeBondWei", Error(new() { DevRootAddress = root, DisputeBondWei = 0 }), StringComparison.Ordinal);
        Assert.Contains("ChallengerRewardBps", Error(new() { DevRootAddress = root, ChallengerRewardBps = 10_001 }), StringComparison.Ordinal);
    }
}
