namespace Otr.Attestation.Verification;

/// <summary>
/// Hardware evidence failed verification. <see cref="Reason"/> is a stable, machine-readable code
/// (kebab-case, for example <c>quote-truncated</c> or <c>pck-chain-expired</c>) that callers and tests
/// match on; the message says in words what is wrong, naming the field or certificate concerned.
/// </summary>
public sealed class AttestationRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The stable reason code.</param>
    /// <param name="message">What is wrong, in words.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public AttestationRejectedException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Reason = reason;
    }

    /// <summary>The stable reason code.</summary>
    public string Reason { get; }
}
