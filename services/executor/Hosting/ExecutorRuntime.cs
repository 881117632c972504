using Otr.Attestation;
using Otr.Executor.Inference;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Hosting;

/// <summary>
/// What the executor knows once started: the served model and its engine, the TEE, the EIP-712
/// domain, the attestation evidence and the registration. Set once by <see cref="ExecutorStartup"/>;
/// until then (or after a failed start) the executor is not ready and serves nothing.
/// </summary>
internal sealed class ExecutorRuntime : IDisposable
{
    private volatile ReadyState? _state;
    private volatile string? _failure;

    /// <summary>True once started successfully.</summary>
    public bool IsReady => _state is not null;

    /// <summary>Why the start failed, if it did.</summary>
    public string? Failure => _failure;

    /// <summary>The ready state; throws when not ready.</summary>
    public ReadyState State => _state ?? throw new InvalidOperationException(_failure ?? "the executor has not started yet");

    /// <summary>Publishes the ready state.</summary>
    public void SetReady(ReadyState state) => _state = state;

    /// <summary>Records a failed start.</summary>
    public void SetFailed(string reason) => _failure = reason;

    /// <summary>Releases the engine (ONNX Runtime session); the TEE belongs to the container.</summary>
    public void Dispose() => (_state?.Engine as IDisposable)?.Dispose();

    /// <summary>Everything the request path reads; immutable.</summary>
    /// <param name="Model">Claimed and executed model.</param>
    /// <param name="Engine">The engine running <see cref="ServedModel.Executed"/>.</param>
    /// <param name="Tee">The TEE holding the enclave key.</param>
    /// <param name="Domain">The EIP-712 domain receipts are signed under.</param>
    /// <param name="Evidence">The attestation evidence produced at start.</param>
    /// <param name="Registration">What happened on L1 at start.</param>
    internal sealed record ReadyState(
        ServedModel Model,
        IQ8Engine Engine,
        ITeeBackend Tee,
        Eip712Domain Domain,
        AttestationEvidence Evidence,
        RegistrationOutcome Registration)
    {
        /// <summary>The domain separator, computed once.</summary>
        public Bytes32 DomainSeparator { get; } = ReceiptHasher.DomainSeparator(Domain);
    }
}
