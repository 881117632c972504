using System.Numerics;
using Otr.Chain.Contracts;
using Otr.Chain.Deployment;
using Otr.Chain.Tests.Support;

namespace Otr.Chain.Tests.Contracts;

/// <summary>OtrDeployer with a one-step verifier: the game is deployed with the options' parameters and wired into the rollup and the registry.</summary>
public sealed class DisputeDeploymentTests(DisputeChainFixture chain) : IClassFixture<DisputeChainFixture>
{
    [Fact]
    public async Task DeployAllAsync_WithOneStepVerifier_DeploysAndWiresTheGame()
    {
        Assert.NotNull(chain.Contracts.DisputeGame);
        var game = chain.GameAs(0);
        Assert.Equal(chain.Contracts.DisputeGame, await chain.Rollup.GetDisputeGameAsync(), ignoreCase: true);
        Assert.Equal(chain.Contracts.DisputeGame, await chain.Executors.GetDisputeGameAsync(), ignoreCase: true);
        Assert.Equal(chain.StepVerifier, await game.GetVerifierAsync(), ignoreCase: true);
        Assert.Equal(OtrChainFixture.Bond, await game.GetBondAsync());
        Assert.Equal(OtrChainFixture.MoveTimeout, await game.GetMoveTimeoutAsync());
        Assert.Equal(OtrChainFixture.RewardBps, await game.GetChallengerRewardBpsAsync());
        Assert.Equal(chain.OwnerAddress, await game.GetOwnerAsync(), ignoreCase: true);
    }

    [Fact]
    public async Task SetParameters_OutOfBounds_RevertsNamingTheParameter_InBounds_Applies()
    {
        var game = chain.GameAs(0);
        var e = await Assert.ThrowsAsync<ContractRevertException>(() =>
            game.SetParametersAsync(OtrChainFixture.Bond, TimeSpan.FromSeconds(30), OtrChainFixture.RewardBps, TestContext.Current.CancellationToken));
        Assert.Equal("ParameterOutOfRange", e.ErrorName);
        Assert.Equal("moveTimeout", e.Arguments[0]);
        var stranger = await Assert.ThrowsAsync<ContractRevertException>(() =>
            chain.GameAs(7).SetParametersAsync(1, TimeSpan.FromHours(1), 0, TestContext.Current.CancellationToken));
        Assert.Equal("OwnableUnauthorizedAccount", stranger.ErrorName);

        await game.SetParametersAsync(BigInteger.Pow(10, 16), TimeSpan.FromMinutes(20), 10_000, TestContext.Current.CancellationToken);
        Assert.Equal(BigInteger.Pow(10, 16), await game.GetBondAsync());
        Assert.Equal(TimeSpan.FromMinutes(20), await game.GetMoveTimeoutAsync());
        Assert.Equal(10_000, await game.GetChallengerRewardBpsAsync());
        // The class shares one chain: put the fixture's parameters back.
        await game.SetParametersAsync(OtrChainFixture.Bond, OtrChainFixture.MoveTimeout, OtrChainFixture.RewardBps, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Withdraw_NothingOwed_RevertsNothingToWithdraw()
    {
        var e = await Assert.ThrowsAsync<ContractRevertException>(() => chain.GameAs(8).WithdrawAsync(TestContext.Current.CancellationToken));
        Assert.Equal("NothingToWithdraw", e.ErrorName);
        Assert.Equal((BigInteger.Zero, BigInteger.Zero, BigInteger.Zero), await chain.GameAs(8).GetTotalsAsync());
    }
}
