using Nethereum.Contracts;
using Nethereum.Web3;
using Otr.Chain.Contracts;

namespace Otr.Chain.Deployment;

/// <summary>Deploys the OTR contract set from the committed artifacts and wires its roles.</summary>
public static class OtrDeployer
{
    /// <summary>
    /// Deploys <c>DevAttestationVerifier</c> (INSECURE), <c>ModelRegistry</c>, <c>ExecutorRegistry</c>
    /// and <c>OtrRollup</c> from the account of <paramref name="web3"/>, and <c>DisputeGame</c> when
    /// <see cref="DeploymentOptions.OneStepVerifier"/> is given (the deployer never deploys a verifier: the
    /// caller passes the real one); sets the sequencer, wires the dispute game into the rollup and the executor
    /// registry, allows the measurements, then hands ownership to <see cref="DeploymentOptions.Owner"/> when
    /// that is another account. A dozen or so transactions, sent one after another.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid, or <paramref name="web3"/> has no account.</exception>
    /// <exception cref="ContractRevertException">A deployment or wiring transaction reverted.</exception>
    public static async Task<OtrContracts> DeployAllAsync(IWeb3 web3, DeploymentOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var deployer = web3.TransactionManager?.Account?.Address
            ?? throw new ArgumentException("the web3 instance has no account to deploy from (construct it with an Account)", nameof(web3));

        var verifier = await DeployAsync(web3, new DevAttestationVerifierMessages.Deployment { DevRootKey = options.DevRootAddress }, "DevAttestationVerifier", ct).ConfigureAwait(false);
        var models = await DeployAsync(web3, new ModelRegistryMessages.Deployment { InitialOwner = deployer }, "ModelRegistry", ct).ConfigureAwait(false);
        var executors = await DeployAsync(web3, new ExecutorRegistryMessages.Deployment
        {
            InitialOwner = deployer,
            Models = models,
            Verifier = verifier,
            MinStake = options.MinStakeWei,
        }, "ExecutorRegistry", ct).ConfigureAwait(false);
        var rollup = await DeployAsync(web3, new OtrRollupMessages.Deployment
        {
            InitialOwner = deployer,
            ChallengeWindow = (ulong)options.ChallengeWindow.TotalSeconds,
        }, "OtrRollup", ct).ConfigureAwait(false);

        var rollupService = new OtrRollupService(web3, rollup);
        var modelService = new ModelRegistryService(web3, models);
        var executorService = new ExecutorRegistryService(web3, executors);
        await rollupService.SetSequencerAsync(options.Sequencer ?? deployer, ct).ConfigureAwait(false);
        var game = options.DisputeGame;
        if (options.OneStepVerifier is { } stepVerifier)
        {
            game = await DeployAsync(web3, new DisputeGameMessages.Deployment
            {
                InitialOwner = deployer,
                Rollup = rollup,
                Registry = executors,
                Verifier = stepVerifier,
                Bond = options.DisputeBondWei,
                MoveTimeout = (ulong)options.MoveTimeout.TotalSeconds,
                ChallengerRewardBps = options.ChallengerRewardBps,
            }, "DisputeGame", ct).ConfigureAwait(false);
        }

        if (game is not null)
        {
            await rollupService.SetDisputeGameAsync(game, ct).ConfigureAwait(false);
            await executorService.SetDisputeGameAsync(game, ct).ConfigureAwait(false);
        }

        foreach (var measurement in options.AllowedMeasurements)
        {
            await executorService.SetMeasurementAllowedAsync(measurement, true, ct).ConfigureAwait(false);
        }

        if (options.Owner is { } owner && !owner.Equals(deployer, StringComparison.OrdinalIgnoreCase))
        {
            await modelService.TransferOwnershipAsync(owner, ct).ConfigureAwait(false);
            await executorService.TransferOwnershipAsync(owner, ct).ConfigureAwait(false);
            await rollupService.TransferOwnershipAsync(owner, ct).ConfigureAwait(false);
            if (options.OneStepVerifier is not null && game is not null)
            {
                await new DisputeGameService(web3, game).TransferOwnershipAsync(owner, ct).ConfigureAwait(false);
            }
        }

        return new OtrContracts(models, executors, rollup, verifier, options.OneStepVerifier is not null ? game : null);
    }

    /// <summary>
    /// Deploys the real q8-exact one-step verifier (<c>Q8OneStepVerifier</c>, stateless, no constructor arguments) and
    /// returns its address, to pass as <see cref="DeploymentOptions.OneStepVerifier"/>.
    /// </summary>
    public static Task<string> DeployQ8OneStepVerifierAsync(IWeb3 web3, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(web3);
        return DeployAsync(web3, new Q8OneStepVerifierMessages.Deployment(), "Q8OneStepVerifier", ct);
    }

    private static async Task<string> DeployAsync<TDeployment>(IWeb3 web3, TDeployment deployment, string name, CancellationToken ct)
        where TDeployment : ContractDeploymentMessage, new()
    {
        Nethereum.RPC.Eth.DTOs.TransactionReceipt receipt;
        try
        {
            receipt = await web3.Eth.GetContractDeploymentHandler<TDeployment>()
                .SendRequestAndWaitForReceiptAsync(deployment, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ContractErrors.Translate(e, $"deploying {name}") is { } revert)
        {
            throw revert;
        }

        if (receipt.Status?.Value != 1 || string.IsNullOrEmpty(receipt.ContractAddress))
        {
            throw new ContractRevertException(null, [], null, $"deploying {name}: transaction {receipt.TransactionHash} reverted");
        }

        return receipt.ContractAddress;
    }
}
