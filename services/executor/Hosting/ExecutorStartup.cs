using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Options;
using Otr.Attestation;
using Otr.Executor.Chain;
using Otr.Executor.Configuration;
using Otr.Executor.Inference;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Hosting;

/// <summary>
/// Brings the executor up before it serves: load the model and compute its weights root; refuse to
/// start when it differs from the pinned root or the one ModelRegistry holds; generate the enclave
/// key inside the TEE; produce evidence; register on ExecutorRegistry with stake (skipped when the
/// key is already registered). Any failure stops the host with an <see cref="ExecutorStartupException"/>
/// naming the cause, and readiness stays false.
/// </summary>
internal sealed class ExecutorStartup(
    ExecutorRuntime runtime,
    IOptions<ExecutorOptions> options,
    IServiceProvider services,
    Func<Q8Model, IQ8Engine> engineFactory,
    ILogger<ExecutorStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartCoreAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            runtime.SetFailed(e.Message);
            logger.LogCritical(e, "executor refuses to serve: {Reason}", e.Message);
            throw e as ExecutorStartupException ?? new ExecutorStartupException(e.Message, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var model = ModelLoader.Load(o);
        var root = model.WeightsRoot;
        logger.LogInformation("loaded model {Model} ({ModelId}) with weights root {WeightsRoot}", model.Name, model.ModelId, root);
        if (o.Cheat != CheatMode.None)
        {
            logger.LogWarning("CHEATING EXECUTOR: Cheat = {Cheat}. For tests and the devnet only; a challenger will catch it", o.Cheat);
        }

        if (!string.IsNullOrEmpty(o.ExpectedWeightsRoot) && Bytes32.Parse(o.ExpectedWeightsRoot) != root)
        {
            throw new ExecutorStartupException(
                $"weights root mismatch: model '{model.Name}' has weights root {root}, but {ExecutorOptions.SectionName}:ExpectedWeightsRoot is {o.ExpectedWeightsRoot}; refusing to serve");
        }

        var l1 = services.GetService<IExecutorL1>();
        if (l1 is not null)
        {
            var registered = await l1.GetRegisteredWeightsRootAsync(model.ModelId, cancellationToken)
                ?? throw new ExecutorStartupException(
                    $"model '{model.Name}' (id {model.ModelId}) is not registered in ModelRegistry {o.L1.ModelRegistry}; refusing to serve");
            if (registered != root)
            {
                throw new ExecutorStartupException(
                    $"weights root mismatch: model '{model.Name}' has weights root {root}, but ModelRegistry {o.L1.ModelRegistry} registered {registered}; refusing to serve");
            }
        }

        var tee = services.GetRequiredService<ITeeBackend>();
        if (tee.IsInsecure)
        {
            logger.LogWarning("TEE {Kind} is INSECURE (development only); enclave key {Address}", tee.Kind, tee.EnclaveAddress);
        }

        var nonce = l1 is not null && o.L1.Register ? await l1.GetOperatorNonceAsync(cancellationToken) : BigInteger.Zero;
        var evidence = await tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, root, nonce), cancellationToken);
        var registration = l1 is null ? new RegistrationOutcome(RegistrationOutcome.OffChain, nonce)
            : o.L1.Register ? await RegisterAsync(l1, tee, model, evidence, nonce, o.L1, cancellationToken)
            : new RegistrationOutcome(RegistrationOutcome.Disabled, nonce);

        var engine = engineFactory(model.Executed);
        var domain = new Eip712Domain(o.ChainId, o.RollupAddress!);
        runtime.SetReady(new ExecutorRuntime.ReadyState(model, engine, tee, domain, evidence, registration));
        logger.LogInformation(
            "executor ready: model {Model}, enclave key {Address}, registration {Registration}, engine {Engine}",
            model.Name,
            tee.EnclaveAddress,
            registration.Status,
            engine.GetType().Name);
    }

    /// <summary>
    /// What ExecutorRegistry's verifier reads: for a <c>CommitteeAttestationVerifier</c> the committee's approvals of the
    /// evidence (collected from <c>Executor:Committee:Urls</c>); for the development verifier the simulated TEE's
    /// dev-root signature. Hardware evidence cannot go to the development verifier.
    /// </summary>
    private async Task<byte[]> OnChainEvidenceAsync(
        IExecutorL1 l1, ITeeBackend tee, ServedModel model, AttestationEvidence evidence, BigInteger nonce, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var (verifier, threshold) = await l1.GetVerifierAsync(cancellationToken);
        if (threshold is { } onChainThreshold)
        {
            var k = o.Committee.Threshold > 0 ? Math.Max(o.Committee.Threshold, onChainThreshold) : onChainThreshold;
            var committee = services.GetRequiredService<CommitteeClient>();
            return await committee.CollectAsync(o.Committee, k, model.Name, evidence, new ReportData(tee.EnclaveAddress, model.WeightsRoot, nonce), o.ChainId, verifier, cancellationToken);
        }

        if (tee.Kind != TeeKind.Simulated)
        {
            throw new ExecutorStartupException(
                $"ExecutorRegistry's verifier {verifier} is not a CommitteeAttestationVerifier, so it cannot check {tee.Kind} evidence (the development verifier only reads the simulated TEE's dev-root signature)");
        }

        return evidence.OnChainEvidence;
    }

    private async Task<RegistrationOutcome> RegisterAsync(
        IExecutorL1 l1, ITeeBackend tee, ServedModel model, AttestationEvidence evidence, BigInteger nonce, L1Options o, CancellationToken cancellationToken)
    {
        var existing = await l1.GetRegistrationAsync(tee.EnclaveAddress, cancellationToken);
        if (existing is not null)
        {
            if (existing.ModelId != model.ModelId)
            {
                throw new ExecutorStartupException(
                    $"enclave key {tee.EnclaveAddress} is registered for model {existing.ModelId}, not for '{model.Name}' ({model.ModelId}); a key serves one model");
            }

            logger.LogInformation(
                "enclave key {Address} is already registered for {Model} by {Operator} with stake {Stake} wei; skipping registration",
                tee.EnclaveAddress,
                model.Name,
                existing.Operator,
                existing.Stake);
            return new RegistrationOutcome(RegistrationOutcome.AlreadyRegistered, nonce);
        }

        if (!await l1.IsMeasurementAllowedAsync(tee.Measurement, cancellationToken))
        {
            throw new ExecutorStartupException(
                $"ExecutorRegistry {o.ExecutorRegistry} does not allow measurement {tee.Measurement}; the registry owner must call setMeasurementAllowed first");
        }

        var minStake = await l1.GetMinStakeAsync(cancellationToken);
        var stake = string.IsNullOrEmpty(o.StakeWei) ? minStake : BigInteger.Parse(o.StakeWei, NumberStyles.None, CultureInfo.InvariantCulture);
        if (stake < minStake)
        {
            throw new ExecutorStartupException(
                $"{ExecutorOptions.SectionName}:L1:StakeWei is {stake} wei, below ExecutorRegistry's minimum stake of {minStake} wei");
        }

        var onChain = await OnChainEvidenceAsync(l1, tee, model, evidence, nonce, cancellationToken);
        var tx = await l1.RegisterAsync(tee.EnclaveAddress, model.ModelId, tee.Measurement, onChain, stake, cancellationToken);
        logger.LogInformation(
            "registered enclave key {Address} for {Model} with stake {Stake} wei from operator {Operator} (tx {Tx})",
            tee.EnclaveAddress,
            model.Name,
            stake,
            l1.OperatorAddress,
            tx);
        return new RegistrationOutcome(RegistrationOutcome.Registered, nonce, tx);
    }
}
