using System.Numerics;
using Otr.Protocol;

namespace Otr.Executor.Chain;

/// <summary>The few L1 reads and the one transaction the executor needs at start (narrow, so startup logic stays testable).</summary>
internal interface IExecutorL1
{
    /// <summary>The operator account that registers and stakes (null when registration is disabled).</summary>
    string? OperatorAddress { get; }

    /// <summary>The weights root ModelRegistry holds for the model, or null when the model is not registered.</summary>
    Task<Bytes32?> GetRegisteredWeightsRootAsync(Bytes32 modelId, CancellationToken cancellationToken);

    /// <summary>The enclave key's registration, or null when it has none.</summary>
    Task<L1Registration?> GetRegistrationAsync(string enclaveKey, CancellationToken cancellationToken);

    /// <summary>Whether ExecutorRegistry allows the measurement for new registrations.</summary>
    Task<bool> IsMeasurementAllowedAsync(Bytes32 measurement, CancellationToken cancellationToken);

    /// <summary>ExecutorRegistry's minimum stake in wei.</summary>
    Task<BigInteger> GetMinStakeAsync(CancellationToken cancellationToken);

    /// <summary>The operator account's transaction count (the registration nonce the evidence commits to).</summary>
    Task<BigInteger> GetOperatorNonceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// ExecutorRegistry's attestation verifier, and its approval threshold when it is a <c>CommitteeAttestationVerifier</c>
    /// (null for any other verifier, e.g. the development verifier).
    /// </summary>
    Task<(string Verifier, int? CommitteeThreshold)> GetVerifierAsync(CancellationToken cancellationToken);

    /// <summary>Sends <c>ExecutorRegistry.register</c> with the stake and waits for it to be mined; returns the transaction hash.</summary>
    Task<string> RegisterAsync(string enclaveKey, Bytes32 modelId, Bytes32 measurement, byte[] evidence, BigInteger stake, CancellationToken cancellationToken);
}
